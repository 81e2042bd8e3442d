import { categoriesFor } from '@maillon/shared/people';
import type { Profession, Role } from '@maillon/shared/identity';
import { followedStatuses, planCategories, type PlanCategory, type PlanStatus } from '@maillon/shared/plans';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Ctx } from '../../plugins/context.ts';
import { resolveAccess, type PersonAccess } from '../access/public.ts';

// Who may do what with a plan (STYLE.md 5): decided here once, sent to the web as `can`. The
// person-level rules (care team, profession, consent, break-glass) are the access module's; this
// file maps the parts of a plan onto information categories and adds the partner's view.

export const isPartner = (ctx: Ctx) => ctx.actor.role === 'external_partner';

/** The plan categories (health, social) the caller reads for this person. */
export const readableCategories = (access: PersonAccess): PlanCategory[] => planCategories.filter((c) => access.categories.has(c));

/** The caller's access to the person a plan is about; an invisible person makes the plan "not found" (SEC-AZ-03). */
export async function accessFor(ctx: Ctx, personId: string): Promise<PersonAccess> {
  try {
    const access = await resolveAccess(ctx, personId);
    if (!readableCategories(access).length) throw notFound('plan');
    return access;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw notFound('plan');
    throw e;
  }
}

/** Writing a plan: not through a read-only (break-glass) access, not as a partner, and with a category to write. */
export function assertCanWritePlan(ctx: Ctx, access: PersonAccess): void {
  if (isPartner(ctx)) throw notFound('plan');
  if (access.readOnly) throw new AppError('access.emergency_read_only', 'Emergency access is read-only.');
  if (!readableCategories(access).length) throw notFound('plan');
}

/**
 * Moving an action's status while the plan is in effect: a coordinator who writes plans, or the
 * action's owner (staff or partner) — never through a read-only (break-glass) access. The action
 * must be one the caller reads (its category; for a partner, their own): `moveActionStatus` reads
 * it with the caller's categories before asking.
 */
export function assertCanFollow(ctx: Ctx, access: PersonAccess, ownerUserId: string | null): void {
  if (access.readOnly) throw new AppError('access.emergency_read_only', 'Emergency access is read-only.');
  const owner = !!ctx.actor.userId && ownerUserId === ctx.actor.userId;
  if (owner) return;
  if (isPartner(ctx)) throw notFound('action');
  if (!ctx.actor.permissions.has('plan.write'))
    throw new AppError('plan.action_owner_only', 'Only the action’s owner or a coordinator moves its status.');
}

/** Whether the caller's role and profession can read plans at all (lists filter on it before any SQL). */
export function readsPlans(ctx: Ctx): boolean {
  const role = ctx.actor.role as Role | null;
  if (!role) return false;
  const cats = categoriesFor(role, (ctx.actor.profession ?? null) as Profession | null);
  return role === 'external_partner' ? cats.length > 0 : cats.includes('social') || cats.includes('health');
}

interface AbilityFacts {
  status: PlanStatus;
  latest: boolean;
  hasWorkingVersion: boolean;
  /** The latest version still open: closing applies to it. */
  closeTarget: boolean;
}

export function abilities(ctx: Ctx, access: PersonAccess, f: AbilityFacts) {
  const perms = ctx.actor.permissions;
  const writer = !isPartner(ctx) && !access.readOnly && readableCategories(access).length > 0 && perms.has('plan.write');
  return {
    edit: writer && f.latest && f.status === 'draft',
    propose: writer && f.latest && f.status === 'draft',
    reopen: writer && f.latest && f.status === 'proposed',
    agree: !isPartner(ctx) && !access.readOnly && perms.has('plan.agree') && f.latest && f.status === 'proposed',
    activate: writer && f.status === 'agreed',
    review: writer && f.status === 'active' && !f.hasWorkingVersion,
    revise: writer && (f.status === 'agreed' || f.status === 'active') && !f.hasWorkingVersion,
    close: writer && f.status !== 'closed' && f.closeTarget,
    follow: writer && followedStatuses.includes(f.status),
    pdfPerson: !isPartner(ctx),
  };
}
