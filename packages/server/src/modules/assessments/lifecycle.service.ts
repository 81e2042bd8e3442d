import { and, eq, sql } from 'drizzle-orm';
import type { Assessment, ResultInput, ResultUpdate } from '@maillon/shared/assessments';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Ctx } from '../../plugins/context.ts';
import { bumpDraft, loadRow, namedMissing, notDraft, toAssessment, type AssessmentRow } from './assessment.service.ts';
import { accessFor, assertCanWriteAssessments, readableCategories } from './policy.ts';
import { changeResult, copyResults, recordResult } from './results.service.ts';
import { copySections } from './sections.ts';
import { assessment } from './tables.ts';

// The life of an assessment after its creation: results added to the draft, signature,
// correction by a new version, withdrawal of a draft. Every step is one transaction with its audit row.

async function openForWrite(ctx: Ctx, id: string) {
  const row = await loadRow(ctx, id);
  const access = await accessFor(ctx, row.personId);
  assertCanWriteAssessments(access);
  return { row, access };
}

/** Adds an instrument result to a draft (If-Match on the assessment; the result's category is checked). */
export async function addResult(ctx: Ctx, id: string, expected: number, input: ResultInput): Promise<Assessment> {
  const { row, access } = await openForWrite(ctx, id);
  await bumpDraft(ctx, id, expected, access);
  await recordResult(ctx, id, access, input, 'body');
  await ctx.audit({
    action: 'assessment_result.create',
    resourceType: 'assessment',
    resourceId: id,
    personId: row.personId,
    infoCategory: readableCategories(access)[0] ?? 'social',
    details: { kind: input.kind, instrumentVersionId: input.instrumentVersionId },
  });
  return toAssessment(ctx, await loadRow(ctx, id), access);
}

/** Re-scores or withdraws a result of a draft (If-Match on the assessment). */
export async function updateResult(ctx: Ctx, id: string, resultId: string, expected: number, input: ResultUpdate): Promise<Assessment> {
  const { row, access } = await openForWrite(ctx, id);
  await bumpDraft(ctx, id, expected, access);
  await changeResult(ctx, id, resultId, access, input);
  await ctx.audit({
    action: input.archived ? 'assessment_result.archive' : 'assessment_result.update',
    resourceType: 'assessment',
    resourceId: id,
    personId: row.personId,
    infoCategory: readableCategories(access)[0] ?? 'social',
    details: { resultId },
  });
  return toAssessment(ctx, await loadRow(ctx, id), access);
}

/**
 * Signs a draft (If-Match: the signer signs the version they read). From then on it is frozen.
 * An incomplete AGGIR grid cannot be signed: a signed grid without a GIR would mean nothing.
 * Signing a correction supersedes the version it corrects, in the same transaction. The signer
 * may not read every part (e.g. a social worker and the health sections): the categories they
 * could read are recorded with the signature.
 */
export async function signAssessment(ctx: Ctx, id: string, expected: number): Promise<Assessment> {
  const { row, access } = await openForWrite(ctx, id);
  if (row.status !== 'draft') throw notDraft(row);
  if (row.aggir && row.gir === null) {
    const missing = namedMissing(row.aggirMissing ?? []);
    throw new AppError(
      'assessment.aggir_incomplete',
      'The AGGIR grid is incomplete: code the missing variables, or remove the grid, before signing.',
      {
        errors: missing.map((m) => ({
          path: `aggir.discriminant.${m.id.replace('.', '.subVariables.')}`,
          message: `${m.label} : non codé`,
          code: 'missing',
        })),
      },
    );
  }
  const signed = await bumpDraft(ctx, id, expected, access, {
    status: 'signed',
    signedAt: new Date(),
    signedBy: ctx.actor.userId,
    signedCategories: readableCategories(access),
  });
  if (signed.supersedesId) {
    const old = await ctx.tx
      .update(assessment)
      .set({ status: 'superseded', supersededById: id, updatedAt: new Date(), version: sql`${assessment.version} + 1` })
      .where(and(eq(assessment.id, signed.supersedesId), eq(assessment.status, 'signed')))
      .returning({ id: assessment.id });
    if (!old[0]) throw new AppError('assessment.correction_outdated', 'The assessment this draft corrects is no longer the current one.');
    await ctx.audit({
      action: 'assessment.supersede',
      resourceType: 'assessment',
      resourceId: signed.supersedesId,
      personId: row.personId,
      infoCategory: 'social',
      details: { by: id },
    });
  }
  await ctx.audit({
    action: 'assessment.sign',
    resourceType: 'assessment',
    resourceId: id,
    personId: row.personId,
    infoCategory: readableCategories(access)[0] ?? 'social',
    details: { categories: readableCategories(access), correction: !!signed.supersedesId },
  });
  return toAssessment(ctx, signed, access);
}

const uniqueViolation = (e: unknown) => {
  const x = e as { code?: string; cause?: { code?: string } };
  return x.code === '23505' || x.cause?.code === '23505';
};

/**
 * Corrects a signed assessment: a new draft, a full copy (every section and result, also those
 * the corrector may not read, so nothing is lost) linked to the signed one, which stays as it
 * is and becomes `superseded` when the correction is signed. One correction at a time.
 */
export async function correctAssessment(ctx: Ctx, id: string, reason: string): Promise<Assessment> {
  const { row, access } = await openForWrite(ctx, id);
  // Serialises concurrent corrections of the same assessment.
  await ctx.tx.execute(sql`select 1 from assessment where id = ${id} for update`);
  const cur = await loadRow(ctx, id);
  if (cur.status === 'draft') throw new AppError('assessment.still_draft', 'This assessment is still a draft: change it directly.');
  if (cur.status !== 'signed') throw notDraft(cur);
  const open = await ctx.tx.execute<{ id: string }>(sql`select id from assessment where supersedes_id = ${id} and status = 'draft'`);
  if (open.rows[0]) {
    throw new AppError(
      'assessment.correction_in_progress',
      'A correction of this assessment is already being drafted: complete it or withdraw it.',
      {
        current: { correctionDraftId: open.rows[0].id },
      },
    );
  }
  const newRowId = newId();
  const copy: typeof assessment.$inferInsert = {
    ...pick(cur),
    id: newRowId,
    status: 'draft',
    supersedesId: id,
    correctionReason: reason,
    createdBy: ctx.actor.userId,
  };
  await ctx.tx
    .insert(assessment)
    .values(copy)
    .catch((e: unknown) => {
      if (uniqueViolation(e)) throw new AppError('assessment.correction_in_progress', 'A correction of this assessment already exists.');
      throw e;
    });
  await copySections(ctx, id, newRowId);
  await copyResults(ctx, id, newRowId);
  await ctx.audit({
    action: 'assessment.correct',
    resourceType: 'assessment',
    resourceId: newRowId,
    personId: row.personId,
    infoCategory: readableCategories(access)[0] ?? 'social',
    details: { corrects: id },
  });
  return toAssessment(ctx, await loadRow(ctx, newRowId), access);
}

/** What a correction carries over from the signed version: the content, not the signature. */
function pick(r: AssessmentRow) {
  return {
    personId: r.personId,
    assessedOn: r.assessedOn,
    context: r.context,
    place: r.place,
    participants: r.participants,
    assessedBy: r.assessedBy,
    aggir: r.aggir,
    gir: r.gir,
    girRank: r.girRank,
    girGroup: r.girGroup,
    girScore: r.girScore,
    aggirMissing: r.aggirMissing,
  };
}

/** Withdraws a draft entered in error (If-Match): kept with its reason, never deleted (DESIGN.md §4.5). */
export async function discardAssessment(ctx: Ctx, id: string, expected: number, reason: string): Promise<Assessment> {
  const { row, access } = await openForWrite(ctx, id);
  const out = await bumpDraft(ctx, id, expected, access, {
    status: 'discarded',
    discardedAt: new Date(),
    discardedBy: ctx.actor.userId,
    discardReason: reason,
  });
  await ctx.audit({
    action: 'assessment.discard',
    resourceType: 'assessment',
    resourceId: id,
    personId: row.personId,
    infoCategory: readableCategories(access)[0] ?? 'social',
  });
  return toAssessment(ctx, out, access);
}
