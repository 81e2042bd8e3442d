import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  assessmentDomains,
  defaultNeedTypes,
  type AssessmentDomain,
  type NeedType,
  type needTypeCreateSchema,
  type needTypeUpdateSchema,
} from '@maillon/shared/assessments';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Ctx } from '../../plugins/context.ts';
import { assessmentNeedType } from './tables.ts';

type Row = typeof assessmentNeedType.$inferSelect;

const toNeedType = (r: Pick<Row, 'domain' | 'code' | 'label' | 'active' | 'sortOrder' | 'version'>): NeedType => ({
  domain: r.domain as AssessmentDomain,
  code: r.code,
  label: r.label,
  active: r.active,
  sortOrder: r.sortOrder,
  version: r.version,
});

const defaults = (): NeedType[] =>
  defaultNeedTypes.map((d, i) => ({ domain: d.domain, code: d.code, label: d.label, active: true, sortOrder: i * 10, version: 1 }));

const byDomainThenOrder = (a: NeedType, b: NeedType) =>
  assessmentDomains.indexOf(a.domain) - assessmentDomains.indexOf(b.domain) ||
  a.sortOrder - b.sortOrder ||
  a.label.localeCompare(b.label, 'fr');

/** The organisation's taxonomy: its own rows, or the shipped defaults while it has changed nothing. */
export async function listNeedTypes(ctx: Ctx, opts: { includeRetired: boolean }): Promise<NeedType[]> {
  const rows = await ctx.tx.select().from(assessmentNeedType).orderBy(asc(assessmentNeedType.sortOrder));
  const all = rows.length ? rows.map(toNeedType) : defaults();
  return all.filter((n) => opts.includeRetired || n.active).sort(byDomainThenOrder);
}

/** Code → need, retired ones included (an assessment may keep a need retired since). */
export async function needTypeIndex(ctx: Ctx): Promise<Map<string, NeedType>> {
  return new Map((await listNeedTypes(ctx, { includeRetired: true })).map((n) => [n.code, n]));
}

/** Copies the defaults into the organisation's rows before its first change (one at a time per organisation). */
async function materialise(ctx: Ctx): Promise<void> {
  await ctx.tx.execute(sql`select pg_advisory_xact_lock(hashtext('assessment_need_type'), hashtext(${ctx.actor.tenantId ?? ''}))`);
  const any = await ctx.tx.execute(sql`select 1 from assessment_need_type limit 1`);
  if (any.rowCount) return;
  await ctx.tx
    .insert(assessmentNeedType)
    .values(defaults().map((d) => ({ id: newId(), domain: d.domain, code: d.code, label: d.label, sortOrder: d.sortOrder })));
}

/** A code from a label: lower-case ASCII words joined by underscores ("Aide à la toilette" → aide_a_la_toilette). */
function codeFromLabel(label: string): string {
  const base = label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return /^[a-z]/.test(base) ? base : `besoin_${base}`.slice(0, 64);
}

export async function createNeedType(ctx: Ctx, input: z.infer<typeof needTypeCreateSchema>): Promise<NeedType> {
  await materialise(ctx);
  const code = input.code ?? codeFromLabel(input.label);
  const exists = await ctx.tx.select({ code: assessmentNeedType.code }).from(assessmentNeedType).where(eq(assessmentNeedType.code, code));
  if (exists.length) {
    throw new AppError('need.code_taken', 'A need with this code already exists; rename it or reactivate it.', {
      errors: [{ path: input.code ? 'body.code' : 'body.label', message: `The code ${code} is taken`, code: 'duplicate' }],
    });
  }
  const max = await ctx.tx.execute<{ m: number | null }>(
    sql`select max(sort_order) as m from assessment_need_type where domain = ${input.domain}`,
  );
  const rows = await ctx.tx
    .insert(assessmentNeedType)
    .values({
      id: newId(),
      domain: input.domain,
      code,
      label: input.label,
      sortOrder: input.sortOrder ?? Number(max.rows[0]?.m ?? 0) + 10,
    })
    .returning();
  await ctx.audit({ action: 'need_type.create', resourceType: 'assessment_need_type', resourceId: rows[0]!.id, purpose: 'admin' });
  return toNeedType(rows[0]!);
}

/** Renames, reorders, retires or reactivates a need (If-Match). Its code and domain never change. */
export async function updateNeedType(
  ctx: Ctx,
  code: string,
  expected: number,
  input: z.infer<typeof needTypeUpdateSchema>,
): Promise<NeedType> {
  await materialise(ctx);
  const rows = await ctx.tx
    .update(assessmentNeedType)
    .set({ ...input, updatedAt: new Date(), version: sql`${assessmentNeedType.version} + 1` })
    .where(and(eq(assessmentNeedType.code, code), eq(assessmentNeedType.version, expected)))
    .returning();
  if (!rows[0]) {
    const cur = (await ctx.tx.select().from(assessmentNeedType).where(eq(assessmentNeedType.code, code)))[0];
    if (!cur) throw notFound('need');
    throw new AppError('precondition_failed', 'This need was changed in the meantime; here is its current state.', {
      current: toNeedType(cur),
    });
  }
  await ctx.audit({
    action: 'need_type.update',
    resourceType: 'assessment_need_type',
    resourceId: rows[0].id,
    purpose: 'admin',
    details: { fields: Object.keys(input) },
  });
  return toNeedType(rows[0]);
}
