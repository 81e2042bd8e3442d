import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  scoreAnswers,
  scoreZarit,
  validateAnswers,
  visibleItems,
  ZARIT_BANDS,
  type Answers,
  type AnswerValue,
  type AssessmentCategory,
  type AssessmentDomain,
  type AssessmentResult,
  type BandSeverity,
  type InstrumentDefinition,
  type InstrumentKind,
  type ResultInput,
  type ResultUpdate,
} from '@maillon/shared/assessments';
import { invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { assertCanWrite, type PersonAccess } from '../access/public.ts';
import { versionWithInstrument } from './instruments.service.ts';
import { assessmentInstrument, assessmentInstrumentVersion, assessmentResult } from './tables.ts';

type ResultRow = typeof assessmentResult.$inferSelect;
type Scored = Pick<ResultRow, 'answers' | 'total' | 'bandCode' | 'bandLabel' | 'bandSeverity'>;

/**
 * Scores a Zarit sheet (bands of the shared scale) or a questionnaire (validated and scored
 * against the very version filled in). Answers to items hidden by the conditions are dropped:
 * they are leftovers of an earlier branch, and a signed record must show what counted.
 */
function score(kind: InstrumentKind, definition: unknown, input: { scores?: number[]; answers?: Answers }, path: string): Scored {
  if (kind === 'zarit') {
    const r = scoreZarit(input.scores ?? []);
    if (!r.ok)
      throw invalid(r.errors.map((e) => ({ path: `${path}.scores${e.item ? `.${e.item - 1}` : ''}`, message: e.message, code: e.code })));
    const band = ZARIT_BANDS.find((b) => b.id === r.band)!;
    return { answers: { scores: input.scores }, total: r.total, bandCode: band.id, bandLabel: band.label, bandSeverity: null };
  }
  const def = definition as InstrumentDefinition;
  const answers = input.answers ?? {};
  const errors = validateAnswers(def, answers);
  if (errors.length) {
    throw invalid(
      errors.map((e) => ({ path: `${path}.answers.${e.itemId}`, message: e.message, code: e.code })),
      'Some answers are missing or not valid.',
    );
  }
  const kept = Object.fromEntries(visibleItems(def, answers).flatMap((i) => (i.id in answers ? [[i.id, answers[i.id]]] : [])));
  const s = scoreAnswers(def, kept);
  return {
    answers: kept,
    total: s?.total ?? null,
    bandCode: null,
    bandLabel: s?.band?.label ?? null,
    bandSeverity: s?.band?.severity ?? null,
  };
}

/** Records a result in a draft (the caller has locked and bumped the draft); `path` is where the input sits in the request. */
export async function recordResult(ctx: Ctx, assessmentId: string, access: PersonAccess, input: ResultInput, path: string): Promise<void> {
  const found = await versionWithInstrument(ctx, input.instrumentVersionId);
  const refuse = (message: string, code: string) => invalid([{ path: `${path}.instrumentVersionId`, message, code }]);
  if (!found) throw refuse('Unknown instrument version', 'unknown_instrument');
  const { instrument, version } = found;
  if (instrument.kind !== input.kind) throw refuse(`This version belongs to an instrument of kind ${instrument.kind}`, 'wrong_kind');
  if (version.status !== 'published') throw refuse('This version is not published yet', 'not_published');
  if (instrument.archivedAt) throw refuse('This instrument is no longer in use', 'archived_instrument');
  assertCanWrite(access, instrument.category as AssessmentCategory);
  const dup = await ctx.tx
    .select({ id: assessmentResult.id })
    .from(assessmentResult)
    .where(
      and(
        eq(assessmentResult.assessmentId, assessmentId),
        eq(assessmentResult.instrumentId, instrument.id),
        isNull(assessmentResult.archivedAt),
      ),
    );
  if (dup.length) {
    throw invalid([
      {
        path: `${path}.instrumentVersionId`,
        message: 'This instrument already has a result here: change it instead',
        code: 'duplicate_instrument',
      },
    ]);
  }
  const scored = score(instrument.kind, version.definition, input.kind === 'zarit' ? { scores: input.scores } : input, path);
  const id = newId();
  await ctx.tx.insert(assessmentResult).values({
    id,
    assessmentId,
    instrumentId: instrument.id,
    instrumentVersionId: version.id,
    kind: instrument.kind,
    category: instrument.category,
    ...scored,
    createdBy: ctx.actor.userId,
  });
}

/** Re-scores a result of a draft, or withdraws it (archived, never deleted). */
export async function changeResult(
  ctx: Ctx,
  assessmentId: string,
  resultId: string,
  access: PersonAccess,
  input: ResultUpdate,
): Promise<void> {
  const r = (
    await ctx.tx
      .select({ result: assessmentResult, definition: assessmentInstrumentVersion.definition })
      .from(assessmentResult)
      .innerJoin(assessmentInstrumentVersion, eq(assessmentInstrumentVersion.id, assessmentResult.instrumentVersionId))
      .where(and(eq(assessmentResult.id, resultId), eq(assessmentResult.assessmentId, assessmentId), isNull(assessmentResult.archivedAt)))
  )[0];
  if (!r || !access.categories.has(r.result.category as AssessmentCategory)) throw notFound('result');
  assertCanWrite(access, r.result.category as AssessmentCategory);
  if (input.archived) {
    await ctx.tx.update(assessmentResult).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(assessmentResult.id, resultId));
    return;
  }
  const kind = r.result.kind as InstrumentKind;
  if ((kind === 'zarit') !== (input.scores !== undefined)) {
    throw invalid([
      {
        path: kind === 'zarit' ? 'body.scores' : 'body.answers',
        message: kind === 'zarit' ? 'A Zarit result takes scores' : 'A questionnaire result takes answers',
        code: 'wrong_kind',
      },
    ]);
  }
  const scored = score(kind, r.definition, input, 'body');
  await ctx.tx
    .update(assessmentResult)
    .set({ ...scored, updatedAt: new Date() })
    .where(eq(assessmentResult.id, resultId));
}

/** Copies the live results of a signed assessment into its correction draft. */
export async function copyResults(ctx: Ctx, fromId: string, toId: string): Promise<void> {
  const rows = await ctx.tx
    .select()
    .from(assessmentResult)
    .where(and(eq(assessmentResult.assessmentId, fromId), isNull(assessmentResult.archivedAt)));
  if (!rows.length) return;
  await ctx.tx
    .insert(assessmentResult)
    .values(rows.map(({ tenantId: _t, createdAt: _c, updatedAt: _u, ...r }) => ({ ...r, id: newId(), assessmentId: toId })));
}

type ResultWithInstrument = { result: ResultRow; title: string; number: number; domain: string };

/** Live results of assessments, in the categories given (in the SQL), with their instrument's title and version number. */
export async function loadResults(ctx: Ctx, assessmentIds: string[], categories: AssessmentCategory[]): Promise<ResultWithInstrument[]> {
  if (!assessmentIds.length || !categories.length) return [];
  return ctx.tx
    .select({
      result: assessmentResult,
      title: assessmentInstrument.title,
      number: assessmentInstrumentVersion.number,
      domain: assessmentInstrument.domain,
    })
    .from(assessmentResult)
    .innerJoin(assessmentInstrument, eq(assessmentInstrument.id, assessmentResult.instrumentId))
    .innerJoin(assessmentInstrumentVersion, eq(assessmentInstrumentVersion.id, assessmentResult.instrumentVersionId))
    .where(
      and(
        inArray(assessmentResult.assessmentId, assessmentIds),
        inArray(assessmentResult.category, categories),
        isNull(assessmentResult.archivedAt),
      ),
    )
    .orderBy(assessmentInstrument.title, assessmentResult.id);
}

export const bandOf = (r: Pick<ResultRow, 'bandCode' | 'bandLabel' | 'bandSeverity'>) =>
  r.bandLabel ? { code: r.bandCode, label: r.bandLabel, severity: r.bandSeverity as BandSeverity | null } : null;

export function toResult(x: ResultWithInstrument): AssessmentResult {
  const r = x.result;
  const stored = r.answers as { scores?: number[] } & Answers;
  return {
    id: r.id,
    kind: r.kind as InstrumentKind,
    instrumentId: r.instrumentId,
    instrumentVersionId: r.instrumentVersionId,
    instrumentTitle: x.title,
    versionNumber: x.number,
    domain: x.domain as AssessmentDomain,
    category: r.category as AssessmentCategory,
    scores: r.kind === 'zarit' ? (stored.scores ?? []) : null,
    answers: r.kind === 'questionnaire' ? (stored as Record<string, AnswerValue>) : null,
    total: r.total,
    band: bandOf(r),
    createdAt: isoRequired(r.createdAt),
  };
}
