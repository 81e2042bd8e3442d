import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  assessmentDomains,
  domainCategory,
  type AssessmentCategory,
  type AssessmentDomain,
  type NeedPriority,
  type RiskKind,
  type RiskLevel,
  type Section,
  type SectionInput,
  type StrengthKind,
  type UrgencyLevel,
  type WishSource,
} from '@maillon/shared/assessments';
import type { FieldError } from '@maillon/shared/api';
import { invalid } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Ctx } from '../../plugins/context.ts';
import { assertCanWrite, type PersonAccess } from '../access/public.ts';
import { assessmentSection } from './tables.ts';
import { needTypeIndex } from './taxonomy.service.ts';

type SectionRow = typeof assessmentSection.$inferSelect;
type StoredNeed = { code: string; label: string; priority: NeedPriority; comment: string | null };
type StoredStrength = { kind: StrengthKind; description: string };
type StoredRisk = { kind: RiskKind; level: RiskLevel; comment: string | null };

const emptySection = (domain: AssessmentDomain): Section => ({
  domain,
  category: domainCategory[domain],
  assessed: false,
  observations: null,
  needs: [],
  wishes: null,
  wishesExpressedBy: null,
  strengths: [],
  risks: [],
  urgency: null,
});

export const toSection = (r: SectionRow): Section => ({
  domain: r.domain as AssessmentDomain,
  category: r.category as AssessmentCategory,
  assessed: true,
  observations: r.observations,
  needs: r.needs as StoredNeed[],
  wishes: r.wishes,
  wishesExpressedBy: r.wishesExpressedBy as WishSource | null,
  strengths: r.strengths as StoredStrength[],
  risks: r.risks as StoredRisk[],
  urgency: r.urgency as UrgencyLevel | null,
});

/** The sections of one or more assessments in the categories given: access is part of the SQL (STYLE.md 6). */
export async function loadSections(ctx: Ctx, assessmentIds: string[], categories: AssessmentCategory[]): Promise<SectionRow[]> {
  if (!assessmentIds.length || !categories.length) return [];
  return ctx.tx
    .select()
    .from(assessmentSection)
    .where(and(inArray(assessmentSection.assessmentId, assessmentIds), inArray(assessmentSection.category, categories)));
}

/** Every domain of one assessment: its section, an empty one when not written yet, null when not readable. */
export function sectionsRecord(rows: SectionRow[], categories: AssessmentCategory[]): Record<AssessmentDomain, Section | null> {
  const byDomain = new Map(rows.map((r) => [r.domain, r]));
  const out = {} as Record<AssessmentDomain, Section | null>;
  for (const d of assessmentDomains) {
    const r = byDomain.get(d);
    out[d] = !categories.includes(domainCategory[d]) ? null : r ? toSection(r) : emptySection(d);
  }
  return out;
}

/**
 * Replaces the sections sent, each after checking the caller may write its category and that
 * its needs are in the organisation's taxonomy, under that domain. A need retired from the
 * taxonomy may stay in a section that already had it (a correction keeps what was signed).
 */
export async function writeSections(
  ctx: Ctx,
  assessmentId: string,
  access: PersonAccess,
  sections: Partial<Record<AssessmentDomain, SectionInput>>,
  pathPrefix: string,
): Promise<void> {
  const entries = Object.entries(sections) as [AssessmentDomain, SectionInput][];
  if (!entries.length) return;
  for (const [domain] of entries) assertCanWrite(access, domainCategory[domain]);
  const existing = await ctx.tx
    .select({ domain: assessmentSection.domain, needs: assessmentSection.needs })
    .from(assessmentSection)
    .where(
      and(
        eq(assessmentSection.assessmentId, assessmentId),
        inArray(
          assessmentSection.domain,
          entries.map(([d]) => d),
        ),
      ),
    );
  const kept = new Map(existing.map((e) => [e.domain, new Map((e.needs as StoredNeed[]).map((n) => [n.code, n]))]));
  const taxonomy = await needTypeIndex(ctx);
  const errors: FieldError[] = [];
  const rows = entries.map(([domain, s]) => {
    const needs: StoredNeed[] = s.needs.map((n, i) => {
      const path = `${pathPrefix}.${domain}.needs.${i}.code`;
      const type = taxonomy.get(n.code);
      const before = kept.get(domain)?.get(n.code);
      if (!type || type.domain !== domain) {
        if (!before) errors.push({ path, message: `« ${n.code} » is not a need of this domain in the taxonomy`, code: 'unknown_need' });
      } else if (!type.active && !before) {
        errors.push({ path, message: `« ${type.label} » was retired from the taxonomy`, code: 'retired_need' });
      }
      return { code: n.code, label: type?.label ?? before?.label ?? n.code, priority: n.priority, comment: n.comment ?? null };
    });
    return {
      id: newId(),
      assessmentId,
      domain,
      category: domainCategory[domain],
      observations: s.observations ?? null,
      needs,
      wishes: s.wishes ?? null,
      wishesExpressedBy: s.wishesExpressedBy ?? null,
      strengths: s.strengths,
      risks: s.risks.map((r) => ({ kind: r.kind, level: r.level, comment: r.comment ?? null })),
      urgency: s.urgency ?? null,
    };
  });
  if (errors.length) throw invalid(errors, 'Some needs are not in the taxonomy of the organisation.');
  await ctx.tx
    .insert(assessmentSection)
    .values(rows)
    .onConflictDoUpdate({
      target: [assessmentSection.tenantId, assessmentSection.assessmentId, assessmentSection.domain],
      set: {
        observations: sql`excluded.observations`,
        needs: sql`excluded.needs`,
        wishes: sql`excluded.wishes`,
        wishesExpressedBy: sql`excluded.wishes_expressed_by`,
        strengths: sql`excluded.strengths`,
        risks: sql`excluded.risks`,
        urgency: sql`excluded.urgency`,
        updatedAt: new Date(),
      },
    });
}

/** Copies every section of a signed assessment into its correction draft, whatever the corrector may read: nothing is lost. */
export async function copySections(ctx: Ctx, fromId: string, toId: string): Promise<void> {
  const rows = await ctx.tx.select().from(assessmentSection).where(eq(assessmentSection.assessmentId, fromId));
  if (!rows.length) return;
  await ctx.tx
    .insert(assessmentSection)
    .values(rows.map(({ tenantId: _t, createdAt: _c, updatedAt: _u, ...r }) => ({ ...r, id: newId(), assessmentId: toId })));
}
