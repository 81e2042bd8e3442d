import { and, eq, sql } from 'drizzle-orm';
import {
  AGGIR_DISCRIMINANT_VARIABLES,
  aggirGridCategory,
  computeGir,
  domainCategory,
  type AggirGroup,
  type AggirInput,
  type AggirResult,
  type Assessment,
  type AssessmentCategory,
  type AssessmentContext,
  type AssessmentCreate,
  type AssessmentDomain,
  type AssessmentPlace,
  type AssessmentStatus,
  type AssessmentSummary,
  type AssessmentUpdate,
  type SectionInput,
  type assessmentListQuerySchema,
} from '@maillon/shared/assessments';
import type { z } from 'zod';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { iso, isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { assertCanWrite, mostSensitive, purposeOf, resolveAccess, type PersonAccess } from '../access/public.ts';
import {
  abilities,
  accessFor,
  assertCanReadAssessments,
  assertCanWriteAssessments,
  canReadAggir,
  canReadGir,
  readableCategories,
} from './policy.ts';
import { recordResult, loadResults, toResult } from './results.service.ts';
import { loadSections, sectionsRecord, writeSections } from './sections.ts';
import { assessment } from './tables.ts';

export type AssessmentRow = typeof assessment.$inferSelect;

const variableLabels = new Map<string, string>(
  AGGIR_DISCRIMINANT_VARIABLES.flatMap((v) => [
    [v.id, v.label] as [string, string],
    ...v.subVariables.map((s) => [`${v.id}.${s.id}`, `${v.label} — ${s.label}`] as [string, string]),
  ]),
);

/** The GIR columns of a grid, computed on save with the shared CASF algorithm. */
function aggirColumns(input: AggirInput | null | undefined) {
  if (!input) return { aggir: null, gir: null, girRank: null, girGroup: null, girScore: null, aggirMissing: null };
  const r = computeGir(input);
  return r.ok
    ? { aggir: input, gir: r.gir, girRank: r.rank, girGroup: r.group, girScore: r.score, aggirMissing: [] as string[] }
    : { aggir: input, gir: null, girRank: null, girGroup: null, girScore: null, aggirMissing: [...r.missing] };
}

export const namedMissing = (ids: readonly string[]) => ids.map((id) => ({ id, label: variableLabels.get(id) ?? id }));

function aggirOf(r: AssessmentRow): AggirResult | null {
  if (!r.aggir) return null;
  const missing = r.aggirMissing ?? [];
  return {
    input: r.aggir as AggirInput,
    complete: r.gir !== null,
    gir: r.gir,
    rank: r.girRank,
    group: r.girGroup as AggirGroup | null,
    score: r.girScore,
    missing: namedMissing(missing),
  };
}

async function userNames(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const r = await ctx.tx.execute<{ id: string; display_name: string }>(
    sql`select id, display_name from app_user where id in (${sql.join(
      wanted.map((w) => sql`${w}`),
      sql`, `,
    )})`,
  );
  return new Map(r.rows.map((u) => [u.id, u.display_name]));
}

export async function loadRow(ctx: Ctx, id: string): Promise<AssessmentRow> {
  const r = (await ctx.tx.select().from(assessment).where(eq(assessment.id, id)))[0];
  if (!r) throw notFound('assessment');
  return r;
}

async function openCorrection(ctx: Ctx, id: string): Promise<string | null> {
  const r = await ctx.tx.execute<{ id: string }>(sql`select id from assessment where supersedes_id = ${id} and status = 'draft' limit 1`);
  return r.rows[0]?.id ?? null;
}

/** The assessment as this caller may see it: sections and results of categories they may not read are left out (SEC-AZ-04). */
export async function toAssessment(ctx: Ctx, r: AssessmentRow, access: PersonAccess): Promise<Assessment> {
  const cats = readableCategories(access);
  const [sections, results, names, correctionDraftId] = [
    await loadSections(ctx, [r.id], cats),
    await loadResults(ctx, [r.id], cats),
    await userNames(ctx, [r.assessedBy, r.signedBy]),
    await openCorrection(ctx, r.id),
  ];
  return {
    id: r.id,
    personId: r.personId,
    status: r.status as AssessmentStatus,
    assessedOn: r.assessedOn,
    context: r.context as AssessmentContext,
    place: r.place as AssessmentPlace | null,
    participants: r.participants,
    assessedBy: { userId: r.assessedBy, displayName: names.get(r.assessedBy) ?? null },
    gir: canReadGir(access) ? r.gir : null,
    aggir: canReadAggir(access) ? aggirOf(r) : null,
    sections: sectionsRecord(sections, cats),
    results: results.map(toResult),
    supersedesId: r.supersedesId,
    supersededById: r.supersededById,
    correctionDraftId,
    correctionReason: r.correctionReason,
    signedAt: iso(r.signedAt),
    signedBy: r.signedBy ? { userId: r.signedBy, displayName: names.get(r.signedBy) ?? null } : null,
    signedCategories: (r.signedCategories ?? []) as AssessmentCategory[],
    discardedAt: iso(r.discardedAt),
    discardReason: r.discardReason,
    version: r.version,
    createdAt: isoRequired(r.createdAt),
    updatedAt: isoRequired(r.updatedAt),
    access: {
      categories: cats,
      readOnly: access.readOnly,
      can: abilities(ctx, access, r.status as AssessmentStatus, correctionDraftId !== null),
    },
  };
}

/** Loads an assessment and the caller's access to its person, refusing those who may read no part of it. */
export async function openAssessment(ctx: Ctx, id: string): Promise<{ row: AssessmentRow; access: PersonAccess }> {
  const row = await loadRow(ctx, id);
  const access = await accessFor(ctx, row.personId);
  assertCanReadAssessments(access);
  return { row, access };
}

/** Opening an assessment: access decided and the read audited in the same transaction. */
export async function getAssessment(ctx: Ctx, id: string): Promise<Assessment> {
  const { row, access } = await openAssessment(ctx, id);
  const cats = readableCategories(access);
  await ctx.audit({
    action: 'assessment.read',
    resourceType: 'assessment',
    resourceId: id,
    personId: row.personId,
    infoCategory: mostSensitive(cats, 'social'),
    purpose: purposeOf(access),
    details: { categories: cats, status: row.status },
  });
  return toAssessment(ctx, row, access);
}

export function notDraft(r: AssessmentRow): AppError {
  switch (r.status as AssessmentStatus) {
    case 'signed':
      return new AppError(
        'assessment.signed_frozen',
        'This assessment is signed and can no longer be changed: make a correction (a new version) instead.',
      );
    case 'superseded':
      return new AppError('assessment.superseded', 'This assessment was replaced by a signed correction; it can no longer be changed.', {
        current: { supersededById: r.supersededById },
      });
    case 'discarded':
      return new AppError('assessment.discarded', 'This draft was withdrawn; it can no longer be changed.');
    case 'draft':
      return new AppError('assessment.still_draft', 'This assessment is still a draft.');
  }
}

/**
 * The optimistic step of every change to a draft (REL-05): bumps `version` where it is still the
 * one the caller read and the assessment is still a draft. The update also locks the row, so a
 * signature and a change never interleave. Signed → 409; stale → 412 with the current state.
 */
export async function bumpDraft(
  ctx: Ctx,
  id: string,
  expected: number,
  access: PersonAccess,
  set: Partial<typeof assessment.$inferInsert> = {},
): Promise<AssessmentRow> {
  const rows = await ctx.tx
    .update(assessment)
    .set({ ...set, updatedAt: new Date(), version: sql`${assessment.version} + 1` })
    .where(and(eq(assessment.id, id), eq(assessment.version, expected), eq(assessment.status, 'draft')))
    .returning();
  if (rows[0]) return rows[0];
  const cur = await loadRow(ctx, id);
  if (cur.status !== 'draft') throw notDraft(cur);
  throw new AppError('precondition_failed', 'Someone changed this assessment in the meantime; here is its current state.', {
    current: await toAssessment(ctx, cur, access),
  });
}

/** The most sensitive category a write touched, for its audit row. */
const touched = (sections: Partial<Record<AssessmentDomain, SectionInput>> | undefined, aggir: boolean) =>
  mostSensitive(
    [...(aggir ? [aggirGridCategory] : []), ...Object.keys(sections ?? {}).map((d) => domainCategory[d as AssessmentDomain])],
    'social',
  );

/**
 * Starts an assessment (a draft) of a person, with whatever the form already holds: sections,
 * AGGIR grid, instrument results. Each part is checked against the caller's categories.
 */
export async function createAssessment(ctx: Ctx, personId: string, input: AssessmentCreate): Promise<Assessment> {
  const access = await resolveAccess(ctx, personId);
  assertCanWriteAssessments(access);
  if (input.aggir) assertCanWrite(access, aggirGridCategory);
  if (access.mergedInto) throw new AppError('person.merged', 'This record was merged into another one; assess the person there.');
  const id = newId();
  await ctx.tx.insert(assessment).values({
    id,
    personId,
    assessedOn: input.assessedOn,
    context: input.context,
    place: input.place ?? null,
    participants: input.participants ?? null,
    assessedBy: ctx.actor.userId!,
    ...aggirColumns(input.aggir),
    createdBy: ctx.actor.userId,
  });
  await writeSections(ctx, id, access, input.sections ?? {}, 'body.sections');
  for (const [i, r] of (input.results ?? []).entries()) await recordResult(ctx, id, access, r, `body.results.${i}`);
  await ctx.audit({
    action: 'assessment.create',
    resourceType: 'assessment',
    resourceId: id,
    personId,
    infoCategory: touched(input.sections, !!input.aggir),
    details: { context: input.context, domains: Object.keys(input.sections ?? {}), results: input.results?.length ?? 0 },
  });
  return toAssessment(ctx, await loadRow(ctx, id), access);
}

/** Changes a draft (If-Match): header, AGGIR grid (health), and the sections sent, each in its own category. */
export async function updateAssessment(ctx: Ctx, id: string, expected: number, input: AssessmentUpdate): Promise<Assessment> {
  const row = await loadRow(ctx, id);
  const access = await accessFor(ctx, row.personId);
  assertCanWriteAssessments(access);
  if (input.aggir !== undefined) assertCanWrite(access, aggirGridCategory);
  const { sections, aggir, ...header } = input;
  await bumpDraft(ctx, id, expected, access, { ...header, ...(aggir === undefined ? {} : aggirColumns(aggir)) });
  await writeSections(ctx, id, access, sections ?? {}, 'body.sections');
  await ctx.audit({
    action: 'assessment.update',
    resourceType: 'assessment',
    resourceId: id,
    personId: row.personId,
    infoCategory: touched(sections, aggir !== undefined),
    details: { fields: Object.keys(input), domains: Object.keys(sections ?? {}) },
  });
  return toAssessment(ctx, await loadRow(ctx, id), access);
}

type SummaryRow = AssessmentRow & { assessorName: string | null };

export const toSummary = (r: SummaryRow, access: PersonAccess): AssessmentSummary => ({
  id: r.id,
  personId: r.personId,
  status: r.status as AssessmentStatus,
  assessedOn: r.assessedOn,
  context: r.context as AssessmentContext,
  assessedBy: { userId: r.assessedBy, displayName: r.assessorName },
  gir: canReadGir(access) ? r.gir : null,
  supersedesId: r.supersedesId,
  supersededById: r.supersededById,
  signedAt: iso(r.signedAt),
  version: r.version,
  updatedAt: isoRequired(r.updatedAt),
});

const assessorName = sql<string | null>`(select u.display_name from app_user u where u.id = ${assessment.assessedBy})`;

export async function summaryRows(ctx: Ctx, where: ReturnType<typeof and>, limit?: number): Promise<SummaryRow[]> {
  const q = ctx.tx
    .select({ a: assessment, assessorName })
    .from(assessment)
    .where(where)
    .orderBy(sql`${assessment.assessedOn} desc, ${assessment.id} desc`);
  const rows = limit ? await q.limit(limit) : await q;
  return rows.map((r) => ({ ...r.a, assessorName: r.assessorName }));
}

/** History of a person's assessments, latest first (keyset pagination), superseded and withdrawn ones included. */
export async function listAssessments(
  ctx: Ctx,
  personId: string,
  q: z.infer<typeof assessmentListQuerySchema>,
): Promise<{ items: AssessmentSummary[]; nextCursor: string | null }> {
  const access = await resolveAccess(ctx, personId);
  assertCanReadAssessments(access);
  const cur = q.cursor ? decodeCursor(q.cursor, ['date', 'uuid']) : null;
  const rows = await summaryRows(
    ctx,
    and(
      eq(assessment.personId, personId),
      q.status ? eq(assessment.status, q.status) : undefined,
      cur ? sql`(${assessment.assessedOn}, ${assessment.id}) < (${cur[0]}::date, ${cur[1]}::uuid)` : undefined,
    ),
    q.limit + 1,
  );
  await ctx.audit({
    action: 'assessment.list',
    resourceType: 'assessment',
    personId,
    infoCategory: access.categories.has('social') ? 'social' : 'health',
    purpose: purposeOf(access),
    details: { results: Math.min(rows.length, q.limit) },
  });
  const page = toPage(rows, q.limit, (last) => [last.assessedOn, last.id]);
  return { items: page.items.map((r) => toSummary(r, access)), nextCursor: page.nextCursor };
}
