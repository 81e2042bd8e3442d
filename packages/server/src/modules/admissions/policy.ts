import { sql, type SQL } from 'drizzle-orm';
import {
  referralGuard,
  referralTransitions,
  transitionProblem,
  type DecisionMode,
  type DecisionOutcome,
  type Referral,
  type ReferralStatus,
  type TransitionProblem,
} from '@maillon/shared/admissions';
import type { Profession, Role } from '@maillon/shared/identity';
import { categoriesFor, type InfoCategory } from '@maillon/shared/people';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Flow } from '../../lib/lifecycle.ts';
import type { Ctx } from '../../plugins/context.ts';
import { purposeOf, resolveAccess, visiblePeopleSql, type PersonAccess } from '../access/public.ts';
import type { referral } from './tables.ts';

// Who may see and do what with a referral (STYLE.md 5), decided here once and sent to the web as `can`.
//
// A referral is addressed to a service before any record exists (a partner's request, a phone
// call). Those who examine it are the organisation's policy for admissions (DESIGN.md §4.2):
// members holding `referral.update` (coordinators, directors) for the referrals of their service,
// or of every service when they are attached to none — the same scope as the access module's
// service policy for records. They read the categories of their profession (FR-05: the medical
// information is `health`). Anyone else with `referral.read` sees a referral only through the
// person's record, by the access module's rules (care team, consent, break-glass), read-only.
// The referrer from another organisation never comes here: see `sent.service.ts`.

export type ReferralRow = typeof referral.$inferSelect;

export interface ReferralAccess {
  via: 'triage' | 'person';
  categories: Set<InfoCategory>;
  write: boolean;
  person: PersonAccess | null;
}

/** True when the caller examines the referrals of this service. */
export function triages(ctx: Ctx, serviceId: string): boolean {
  const a = ctx.actor;
  return a.permissions.has('referral.update') && (a.serviceId === null || a.serviceId === serviceId);
}

/** The caller's categories as a member of the organisation (the FR-05 matrix of the access module). */
export const ownCategories = (ctx: Ctx) =>
  new Set<InfoCategory>(ctx.actor.role ? categoriesFor(ctx.actor.role as Role, (ctx.actor.profession ?? null) as Profession | null) : []);

/**
 * The referrals a caller may list, as a SQL condition on `r` (STYLE.md 6): the triage scope for
 * those who examine referrals; the referrals of people they may see for the others.
 */
export function visibleReferralsSql(ctx: Ctx): SQL {
  const a = ctx.actor;
  if (a.permissions.has('referral.update')) {
    if (ownCategories(ctx).size === 0) return sql`false`;
    return a.serviceId ? sql`r.service_id = ${a.serviceId}` : sql`true`;
  }
  if (!a.permissions.has('referral.read')) return sql`false`;
  return sql`(r.person_id is not null and exists (select 1 from person p where p.id = r.person_id and p.merged_into is null and ${visiblePeopleSql(ctx, sql`p`)}))`;
}

/** The caller's access to one referral; "not found" when they may not see it (SEC-AZ-03). */
export async function referralAccess(ctx: Ctx, row: Pick<ReferralRow, 'serviceId' | 'personId'>): Promise<ReferralAccess> {
  if (triages(ctx, row.serviceId)) {
    const categories = ownCategories(ctx);
    if (categories.size) return { via: 'triage', categories, write: true, person: null };
  }
  if (row.personId && ctx.actor.permissions.has('referral.read')) {
    try {
      const person = await resolveAccess(ctx, row.personId);
      return { via: 'person', categories: person.categories, write: false, person };
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'not_found')) throw e;
    }
  }
  throw notFound('referral');
}

export function assertWrite(access: ReferralAccess): void {
  if (!access.write) throw new AppError('referral.not_handler', 'Only the coordinators and directors of the service handle this request.');
}

/** Most sensitive category first, for audit rows. */
export const auditCategory = (access: ReferralAccess, touched: InfoCategory[] = ['social']) =>
  touched.includes('health') && access.categories.has('health') ? 'health' : touched.includes('social') ? 'social' : 'administrative';

export const referralPurpose = (access: ReferralAccess) => purposeOf(access.person);

/** What the caller may do next with this referral. */
export function abilities(ctx: Ctx, access: ReferralAccess, row: ReferralRow, mode: DecisionMode): Referral['access']['can'] {
  const w = access.write;
  const status = row.status as ReferralStatus;
  const outcome = row.outcome as DecisionOutcome | null;
  const can = (to: ReferralStatus) => w && transitionProblem(status, to, outcome) === null;
  return {
    update: w && !['withdrawn', 'ended'].includes(status),
    link: w && status === 'received' && ctx.actor.permissions.has('person.create'),
    review: can('under_review') && status === 'received' && row.personId !== null,
    present: can('presented'),
    decide: can('decided') && status === 'under_review' && mode === 'coordinator',
    admit: can('admitted'),
    withdraw: can('withdrawn'),
    end: can('ended'),
  };
}

/** The 409 of an illegal change of status, with the current status and the allowed ones. */
export function transitionError(
  status: ReferralStatus,
  to: ReferralStatus,
  outcome: DecisionOutcome | null,
  allowed: readonly ReferralStatus[],
): AppError {
  const problem = transitionProblem(status, to, outcome) ?? 'not_allowed';
  const detail =
    problem === 'outcome_final'
      ? `This request was ${outcome === 'refused' ? 'refused' : 'redirected'}: the decision is final; a new request makes a new referral.`
      : problem === 'outcome_not_admissible'
        ? 'Only a request accepted or on the waiting list can be admitted.'
        : `This request is "${status}": it cannot move to "${to}".`;
  return new AppError('invalid_transition', detail, {
    errors: [{ path: 'status', message: detail, code: problem }],
    current: { status, outcome, to, allowed },
  });
}

/** The referral's status flow for `transition`: the shared table, the outcome's rule, and the 409 above. */
export const referralFlow = (outcome: DecisionOutcome | null): Flow<ReferralStatus, Exclude<TransitionProblem, 'not_allowed'>> => ({
  table: referralTransitions,
  guard: referralGuard(outcome),
  refuse: (r) => transitionError(r.from, r.to, outcome, r.allowed),
});
