import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  domainCategory,
  validateInstrumentDefinition,
  zaritDefinitionSchema,
  type AssessmentDomain,
  type Instrument,
  type InstrumentDefinition,
  type InstrumentKind,
  type InstrumentVersion,
  type instrumentCreateSchema,
  type instrumentUpdateSchema,
  type ZaritDefinition,
} from '@maillon/shared/assessments';
import type { FieldError } from '@maillon/shared/api';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { iso } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { assessmentInstrument, assessmentInstrumentVersion } from './tables.ts';

type InstrumentRow = typeof assessmentInstrument.$inferSelect;
type VersionRow = typeof assessmentInstrumentVersion.$inferSelect;
type Definition = ZaritDefinition | InstrumentDefinition;

const ZARIT_TITLE = 'Échelle de Zarit';

/** `items[2].options[1]` → `items.2.options.1`, the dotted form of every field path of the API. */
const dotted = (path: string) => path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');

/**
 * Checks a definition against its instrument's kind: the Zarit texts (22 items), or a
 * questionnaire with validateInstrumentDefinition, whose `version` is the server's number.
 * Every problem is reported at `body.definition.<path>`.
 */
function checkDefinition(kind: InstrumentKind, raw: unknown, number: number): Definition {
  if (kind === 'zarit') {
    const r = zaritDefinitionSchema.safeParse(raw);
    if (r.success) return r.data;
    throw invalid(
      r.error.issues.map((i) => ({ path: ['body.definition', ...i.path.map(String)].join('.'), message: i.message, code: i.code })),
      'The Zarit scale needs its 22 item texts.',
    );
  }
  const r = validateInstrumentDefinition({ ...(raw as object), version: number });
  if (r.ok) return r.definition;
  const errors: FieldError[] = r.errors.map((e) => ({
    path: e.path ? `body.definition.${dotted(e.path)}` : 'body.definition',
    message: e.message,
    code: e.code,
  }));
  throw invalid(errors, 'This questionnaire cannot be saved as it is.');
}

function toVersion(r: VersionRow): InstrumentVersion {
  return {
    id: r.id,
    number: r.number,
    status: r.status as InstrumentVersion['status'],
    definition: r.definition as Definition,
    publishedAt: iso(r.publishedAt),
    version: r.version,
  };
}

function toInstrument(r: InstrumentRow, versions: VersionRow[], manager: boolean): Instrument {
  const mine = versions.filter((v) => v.instrumentId === r.id).sort((a, b) => a.number - b.number);
  const published = mine.filter((v) => v.status === 'published');
  return {
    id: r.id,
    kind: r.kind as InstrumentKind,
    title: r.title,
    description: r.description,
    domain: r.domain as AssessmentDomain,
    category: r.category as Instrument['category'],
    archived: r.archivedAt !== null,
    currentVersionId: published[published.length - 1]?.id ?? null,
    versions: (manager ? mine : published).map(toVersion),
    version: r.version,
  };
}

async function versionsOf(ctx: Ctx, ids: string[]): Promise<VersionRow[]> {
  if (!ids.length) return [];
  return ctx.tx.select().from(assessmentInstrumentVersion).where(inArray(assessmentInstrumentVersion.instrumentId, ids));
}

/** Instruments of the organisation: managers see drafts and archived ones; assessors the published, active ones. */
export async function listInstruments(ctx: Ctx, manager: boolean): Promise<Instrument[]> {
  const rows = await ctx.tx
    .select()
    .from(assessmentInstrument)
    .where(manager ? undefined : isNull(assessmentInstrument.archivedAt))
    .orderBy(asc(assessmentInstrument.title), asc(assessmentInstrument.id));
  const versions = await versionsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toInstrument(r, versions, manager)).filter((i) => manager || i.currentVersionId !== null);
}

async function loadInstrument(ctx: Ctx, id: string): Promise<InstrumentRow> {
  const r = (await ctx.tx.select().from(assessmentInstrument).where(eq(assessmentInstrument.id, id)))[0];
  if (!r) throw notFound('instrument');
  return r;
}

export async function getInstrument(ctx: Ctx, id: string, manager: boolean): Promise<Instrument> {
  const r = await loadInstrument(ctx, id);
  const i = toInstrument(r, await versionsOf(ctx, [id]), manager);
  if (!manager && (i.archived || i.currentVersionId === null)) throw notFound('instrument');
  return i;
}

/** Creates an instrument and its first version, as a draft to publish. */
export async function createInstrument(ctx: Ctx, input: z.infer<typeof instrumentCreateSchema>): Promise<Instrument> {
  const definition = checkDefinition(input.kind, input.definition, 1);
  if (input.kind === 'questionnaire' && !input.domain) {
    throw invalid([{ path: 'body.domain', message: 'Choose the domain this questionnaire assesses', code: 'required' }]);
  }
  const domain: AssessmentDomain = input.domain ?? 'family';
  const id = newId();
  const title = input.title ?? ('title' in definition ? definition.title : ZARIT_TITLE);
  await ctx.tx.insert(assessmentInstrument).values({
    id,
    kind: input.kind,
    title,
    description: input.description ?? null,
    domain,
    category: domainCategory[domain],
    createdBy: ctx.actor.userId,
  });
  await ctx.tx
    .insert(assessmentInstrumentVersion)
    .values({ id: newId(), instrumentId: id, number: 1, definition, createdBy: ctx.actor.userId });
  await ctx.audit({
    action: 'instrument.create',
    resourceType: 'assessment_instrument',
    resourceId: id,
    purpose: 'admin',
    details: { kind: input.kind, domain },
  });
  return getInstrument(ctx, id, true);
}

export async function updateInstrument(
  ctx: Ctx,
  id: string,
  expected: number,
  input: z.infer<typeof instrumentUpdateSchema>,
): Promise<Instrument> {
  const { archived, ...fields } = input;
  const rows = await ctx.tx
    .update(assessmentInstrument)
    .set({
      ...fields,
      ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
      updatedAt: new Date(),
      version: sql`${assessmentInstrument.version} + 1`,
    })
    .where(and(eq(assessmentInstrument.id, id), eq(assessmentInstrument.version, expected)))
    .returning();
  if (!rows[0]) {
    const cur = await getInstrument(ctx, id, true);
    throw new AppError('precondition_failed', 'This instrument was changed in the meantime; here is its current state.', { current: cur });
  }
  await ctx.audit({
    action: archived ? 'instrument.archive' : 'instrument.update',
    resourceType: 'assessment_instrument',
    resourceId: id,
    purpose: 'admin',
    details: { fields: Object.keys(input) },
  });
  return getInstrument(ctx, id, true);
}

/** A new draft version, from the definition sent or a copy of the latest one; one draft at a time. */
export async function createVersion(ctx: Ctx, id: string, raw: unknown): Promise<Instrument> {
  const inst = await loadInstrument(ctx, id);
  // Serialises concurrent version creations of one instrument.
  await ctx.tx.execute(sql`select 1 from assessment_instrument where id = ${id} for update`);
  const versions = (await versionsOf(ctx, [id])).sort((a, b) => a.number - b.number);
  const draft = versions.find((v) => v.status === 'draft');
  if (draft) {
    throw new AppError('instrument.draft_pending', `Version ${draft.number} is still a draft: change it, or publish it first.`, {
      current: toVersion(draft),
    });
  }
  const latest = versions[versions.length - 1];
  const number = (latest?.number ?? 0) + 1;
  const definition = checkDefinition(inst.kind as InstrumentKind, raw ?? latest?.definition, number);
  const versionId = newId();
  await ctx.tx
    .insert(assessmentInstrumentVersion)
    .values({ id: versionId, instrumentId: id, number, definition, createdBy: ctx.actor.userId });
  await ctx.audit({
    action: 'instrument.version_create',
    resourceType: 'assessment_instrument',
    resourceId: id,
    purpose: 'admin',
    details: { number },
  });
  return getInstrument(ctx, id, true);
}

async function loadVersion(ctx: Ctx, instrumentId: string, versionId: string): Promise<VersionRow> {
  const v = (
    await ctx.tx
      .select()
      .from(assessmentInstrumentVersion)
      .where(and(eq(assessmentInstrumentVersion.id, versionId), eq(assessmentInstrumentVersion.instrumentId, instrumentId)))
  )[0];
  if (!v) throw notFound('instrument version');
  return v;
}

const frozen = (v: VersionRow) =>
  new AppError(
    'instrument.version_published',
    `Version ${v.number} is published and frozen: create a new version to change the instrument.`,
  );

/** Changes a draft version (If-Match on the version); a published one is frozen. */
export async function updateVersion(
  ctx: Ctx,
  instrumentId: string,
  versionId: string,
  expected: number,
  raw: unknown,
): Promise<Instrument> {
  const inst = await loadInstrument(ctx, instrumentId);
  const v = await loadVersion(ctx, instrumentId, versionId);
  if (v.status !== 'draft') throw frozen(v);
  const definition = checkDefinition(inst.kind as InstrumentKind, raw, v.number);
  const rows = await ctx.tx
    .update(assessmentInstrumentVersion)
    .set({ definition, updatedAt: new Date(), version: sql`${assessmentInstrumentVersion.version} + 1` })
    .where(
      and(
        eq(assessmentInstrumentVersion.id, versionId),
        eq(assessmentInstrumentVersion.version, expected),
        eq(assessmentInstrumentVersion.status, 'draft'),
      ),
    )
    .returning();
  if (!rows[0]) {
    const cur = await loadVersion(ctx, instrumentId, versionId);
    if (cur.status !== 'draft') throw frozen(cur);
    throw new AppError('precondition_failed', 'This version was changed in the meantime; here is its current state.', {
      current: toVersion(cur),
    });
  }
  await ctx.audit({
    action: 'instrument.version_update',
    resourceType: 'assessment_instrument',
    resourceId: instrumentId,
    purpose: 'admin',
    details: { number: v.number },
  });
  return getInstrument(ctx, instrumentId, true);
}

/** Publishes a draft version (If-Match): from now on it is frozen and results can be recorded against it. */
export async function publishVersion(ctx: Ctx, instrumentId: string, versionId: string, expected: number): Promise<Instrument> {
  await loadInstrument(ctx, instrumentId);
  const rows = await ctx.tx
    .update(assessmentInstrumentVersion)
    .set({
      status: 'published',
      publishedAt: new Date(),
      publishedBy: ctx.actor.userId,
      updatedAt: new Date(),
      version: sql`${assessmentInstrumentVersion.version} + 1`,
    })
    .where(
      and(
        eq(assessmentInstrumentVersion.id, versionId),
        eq(assessmentInstrumentVersion.instrumentId, instrumentId),
        eq(assessmentInstrumentVersion.version, expected),
        eq(assessmentInstrumentVersion.status, 'draft'),
      ),
    )
    .returning();
  if (!rows[0]) {
    const cur = await loadVersion(ctx, instrumentId, versionId);
    if (cur.status !== 'draft') throw new AppError('instrument.version_published', `Version ${cur.number} is already published.`);
    throw new AppError('precondition_failed', 'This version was changed in the meantime; here is its current state.', {
      current: toVersion(cur),
    });
  }
  await ctx.audit({
    action: 'instrument.version_publish',
    resourceType: 'assessment_instrument',
    resourceId: instrumentId,
    purpose: 'admin',
    details: { number: rows[0].number },
  });
  return getInstrument(ctx, instrumentId, true);
}

/** A version with its instrument, for recording a result; null when there is none. */
export async function versionWithInstrument(
  ctx: Ctx,
  versionId: string,
): Promise<{ instrument: InstrumentRow; version: VersionRow } | null> {
  const r = (
    await ctx.tx
      .select({ instrument: assessmentInstrument, version: assessmentInstrumentVersion })
      .from(assessmentInstrumentVersion)
      .innerJoin(assessmentInstrument, eq(assessmentInstrument.id, assessmentInstrumentVersion.instrumentId))
      .where(eq(assessmentInstrumentVersion.id, versionId))
  )[0];
  return r ?? null;
}
