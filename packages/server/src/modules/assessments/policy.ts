import type { FastifyRequest } from 'fastify';
import {
  aggirGridCategory,
  assessmentDomains,
  domainCategory,
  girCategory,
  type AssessmentCategory,
  type AssessmentDomain,
  type AssessmentStatus,
} from '@maillon/shared/assessments';
import { AppError, notFound } from '../../lib/errors.ts';
import { withCtx, type Ctx } from '../../plugins/context.ts';
import { assertCanRead, assertCanWrite, resolveAccess, type PersonAccess } from '../access/public.ts';

// Who may do what with an assessment (STYLE.md 5): decided here once, sent to the web as `can`.
// The person-level rules (care team, profession, consent, break-glass) are the access module's;
// this file only maps the parts of an assessment onto information categories.

/** Most sensitive first: an audit row names the most sensitive category it touched. */
const CATEGORIES: AssessmentCategory[] = ['health', 'social'];

export const readableCategories = (access: PersonAccess): AssessmentCategory[] => CATEGORIES.filter((c) => access.categories.has(c));

/** The access of the caller to the person an assessment is about; an invisible person makes the assessment "not found". */
export async function accessFor(ctx: Ctx, personId: string): Promise<PersonAccess> {
  try {
    return await resolveAccess(ctx, personId);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw notFound('assessment');
    throw e;
  }
}

/**
 * The header of an assessment (date, context, who, status, GIR) is readable with either category
 * an assessment is made of; someone who reads neither (an administrative profession) does not
 * see assessments at all.
 */
export function assertCanReadAssessments(access: PersonAccess): void {
  assertCanRead(access, access.categories.has('social') ? 'social' : 'health');
}

/** Writing any part of a draft needs write access to one of its categories; each part is checked again with its own. */
export function assertCanWriteAssessments(access: PersonAccess): void {
  assertCanWrite(access, access.categories.has('social') ? 'social' : 'health');
}

export const canReadGir = (access: PersonAccess) => access.categories.has(girCategory) || access.categories.has(aggirGridCategory);
export const canReadAggir = (access: PersonAccess) => access.categories.has(aggirGridCategory);

export function abilities(ctx: Ctx, access: PersonAccess, status: AssessmentStatus, hasOpenCorrection: boolean) {
  const perms = ctx.actor.permissions;
  const writer = !access.readOnly && readableCategories(access).length > 0;
  const edit = writer && status === 'draft' && perms.has('assessment.write');
  return {
    edit,
    sign: writer && status === 'draft' && perms.has('assessment.sign'),
    correct: writer && status === 'signed' && !hasOpenCorrection && perms.has('assessment.write'),
    discard: edit,
    writeAggir: edit && access.categories.has(aggirGridCategory),
    writeDomains: edit ? assessmentDomains.filter((d: AssessmentDomain) => access.categories.has(domainCategory[d])) : [],
  };
}

/**
 * The instrument catalogue and the needs taxonomy are read by those who fill assessments
 * (`assessment.read`) and by those who manage them (`instrument.manage`, administrators, who
 * have no access to people's records): a route declares one permission, so these reads are
 * `authenticated` and checked here. The refusal is audited like the route-level one.
 */
export async function assertCatalogueReader(req: FastifyRequest): Promise<{ manager: boolean }> {
  const perms = req.auth?.permissions;
  const manager = !!perms?.has('instrument.manage');
  if (req.auth?.tenantId && (manager || perms?.has('assessment.read'))) return { manager };
  if (!req.auth?.tenantId) throw new AppError('forbidden', 'Choose an organisation first.');
  await withCtx(req, (ctx) =>
    ctx.audit({
      action: 'authz.denied',
      resourceType: 'route',
      resourceId: `${req.method} ${req.routeOptions.url ?? ''}`,
      outcome: 'denied',
      purpose: 'auth',
      details: { permission: 'assessment.read|instrument.manage' },
    }),
  );
  throw new AppError('forbidden', 'Your role does not allow this action.');
}
