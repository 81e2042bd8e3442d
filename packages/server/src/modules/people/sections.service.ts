import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { InfoCategory, legalProtectionInputSchema, professionalInputSchema, relativeInputSchema } from '@maillon/shared/people';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Ctx } from '../../plugins/context.ts';
import { assertCanRead, assertCanWrite, resolveAccess } from '../access/public.ts';
import { legalProtection, personProfessional, personRelative } from './tables.ts';

/**
 * The parts of the record kept in their own tables: relatives and caregivers (administrative),
 * legal protection (social), professionals around the person (administrative). Same rules for
 * all: access resolved per request, category checked, If-Match on change, archive instead of
 * delete, audited.
 */
const sections = {
  relatives: { table: personRelative, category: 'administrative' as InfoCategory, resource: 'person_relative' as const },
  protections: { table: legalProtection, category: 'social' as InfoCategory, resource: 'legal_protection' as const },
  professionals: { table: personProfessional, category: 'administrative' as InfoCategory, resource: 'person_professional' as const },
};
export type SectionName = keyof typeof sections;

type RelativeInput = z.infer<typeof relativeInputSchema>;
type ProtectionInput = z.infer<typeof legalProtectionInputSchema>;
type ProfessionalInput = z.infer<typeof professionalInputSchema>;
export type SectionInput = RelativeInput | ProtectionInput | ProfessionalInput;

function clean<T extends Record<string, unknown>>(
  row: T,
): Omit<T, 'tenantId' | 'personId' | 'archivedAt' | 'createdBy' | 'createdAt' | 'updatedAt'> {
  const { tenantId: _t, personId: _p, archivedAt: _a, createdBy: _c, createdAt: _ca, updatedAt: _u, ...rest } = row;
  return rest;
}

export async function listSection(ctx: Ctx, name: SectionName, personId: string) {
  const s = sections[name];
  const access = await resolveAccess(ctx, personId);
  assertCanRead(access, s.category);
  const t = s.table as typeof personRelative;
  const rows = await ctx.tx
    .select()
    .from(t)
    .where(and(eq(t.personId, personId), isNull(t.archivedAt)))
    .orderBy(asc(t.createdAt));
  await ctx.audit({
    action: `${s.resource}.read`,
    resourceType: s.resource,
    personId,
    infoCategory: s.category,
    purpose: access.via === 'break_glass' ? 'break_glass' : 'care',
  });
  return rows.map((r) => clean(r as unknown as Record<string, unknown>));
}

async function checkRelativeLink(ctx: Ctx, personId: string, input: Partial<SectionInput>) {
  const rel = (input as Partial<ProtectionInput>).relativeId;
  if (!rel) return;
  const r = await ctx.tx.execute(sql`select 1 from person_relative where id = ${rel} and person_id = ${personId} and archived_at is null`);
  if (!r.rowCount)
    throw new AppError('validation_failed', 'This relative is not in the record.', {
      errors: [{ path: 'body.relativeId', message: 'unknown relative', code: 'unknown_relative' }],
    });
}

export async function addToSection(ctx: Ctx, name: SectionName, personId: string, input: SectionInput) {
  const s = sections[name];
  const access = await resolveAccess(ctx, personId);
  assertCanWrite(access, s.category);
  await checkRelativeLink(ctx, personId, input);
  const id = newId();
  const t = s.table;
  const rows = await ctx.tx
    .insert(t)
    .values({ ...(input as RelativeInput), id, personId, createdBy: ctx.actor.userId } as typeof personRelative.$inferInsert)
    .returning();
  await ctx.audit({ action: `${s.resource}.create`, resourceType: s.resource, resourceId: id, personId, infoCategory: s.category });
  return clean(rows[0] as unknown as Record<string, unknown>);
}

export async function updateInSection(
  ctx: Ctx,
  name: SectionName,
  personId: string,
  id: string,
  expected: number,
  input: Partial<SectionInput> & { archived?: boolean },
) {
  const s = sections[name];
  const access = await resolveAccess(ctx, personId);
  assertCanWrite(access, s.category);
  await checkRelativeLink(ctx, personId, input);
  const t = s.table as typeof personRelative;
  const { archived, ...fields } = input;
  const rows = await ctx.tx
    .update(t)
    .set({
      ...(fields as Partial<RelativeInput>),
      ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
      updatedAt: new Date(),
      version: sql`${t.version} + 1`,
    })
    .where(and(eq(t.id, id), eq(t.personId, personId), eq(t.version, expected)))
    .returning();
  if (!rows[0]) {
    const cur = (
      await ctx.tx
        .select()
        .from(t)
        .where(and(eq(t.id, id), eq(t.personId, personId)))
    )[0];
    if (!cur) throw notFound(s.resource.replace('_', ' '));
    throw new AppError('precondition_failed', 'This entry was changed in the meantime; here is its current state.', {
      current: clean(cur as unknown as Record<string, unknown>),
    });
  }
  await ctx.audit({
    action: archived ? `${s.resource}.archive` : `${s.resource}.update`,
    resourceType: s.resource,
    resourceId: id,
    personId,
    infoCategory: s.category,
    details: { fields: Object.keys(input) },
  });
  return clean(rows[0] as unknown as Record<string, unknown>);
}
