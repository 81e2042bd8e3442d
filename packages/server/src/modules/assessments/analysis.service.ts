import { and, eq } from 'drizzle-orm';
import {
  assessmentDomains,
  needPriorities,
  urgencyLevels,
  type AssessmentComparison,
  type AssessmentDomain,
  type AssessmentSeries,
  type InstrumentKind,
  type NeedsSummary,
  type RiskKind,
  type RiskLevel,
  type Section,
} from '@maillon/shared/assessments';
import { AppError, invalid } from '../../lib/errors.ts';
import { iso } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { mostSensitive, purposeOf, resolveAccess } from '../access/public.ts';
import { openAssessment, summaryRows, toSummary } from './assessment.service.ts';
import { assertCanReadAssessments, canReadGir, readableCategories } from './policy.ts';
import { bandOf, loadResults } from './results.service.ts';
import { loadSections, toSection } from './sections.ts';
import { assessment } from './tables.ts';

// Reading assessments side by side: comparison of two, the series of a person for the chart, and
// the needs of a signed assessment as the personal plan takes them.

const sectionsByDomain = (sections: Section[]) => new Map(sections.map((s) => [s.domain, s]));
const domainOrder = (d: AssessmentDomain) => assessmentDomains.indexOf(d);

/**
 * What changed from `a` to `b` (in the order the caller gives them): GIR, needs added, resolved
 * and continuing, risk levels and urgencies that changed, instrument totals. Only the parts the
 * caller may read; both assessments must be about the same person.
 */
export async function compareAssessments(ctx: Ctx, aId: string, bId: string): Promise<AssessmentComparison> {
  const a = await openAssessment(ctx, aId);
  const b = await openAssessment(ctx, bId);
  if (a.row.personId !== b.row.personId) {
    throw invalid([{ path: 'querystring.b', message: 'Both assessments must be about the same person', code: 'other_person' }]);
  }
  const access = a.access;
  const cats = readableCategories(access);
  const sections = (await loadSections(ctx, [aId, bId], cats)).map((r) => ({ of: r.assessmentId, s: toSection(r) }));
  const sa = sectionsByDomain(sections.filter((x) => x.of === aId).map((x) => x.s));
  const sb = sectionsByDomain(sections.filter((x) => x.of === bId).map((x) => x.s));

  const needs: AssessmentComparison['needs'] = { added: [], resolved: [], continuing: [] };
  const risks: AssessmentComparison['risks'] = [];
  const urgency: AssessmentComparison['urgency'] = [];
  for (const domain of assessmentDomains) {
    const before = sa.get(domain);
    const after = sb.get(domain);
    const nb = new Map((before?.needs ?? []).map((n) => [n.code, n]));
    const na = new Map((after?.needs ?? []).map((n) => [n.code, n]));
    for (const n of na.values()) {
      const old = nb.get(n.code);
      const ref = { domain, code: n.code, label: n.label, priority: n.priority };
      if (old) needs.continuing.push({ ...ref, previousPriority: old.priority });
      else needs.added.push(ref);
    }
    for (const n of nb.values()) if (!na.has(n.code)) needs.resolved.push({ domain, code: n.code, label: n.label, priority: n.priority });
    const rb = new Map<RiskKind, RiskLevel>((before?.risks ?? []).map((r) => [r.kind, r.level]));
    const ra = new Map<RiskKind, RiskLevel>((after?.risks ?? []).map((r) => [r.kind, r.level]));
    for (const kind of new Set([...rb.keys(), ...ra.keys()])) {
      const from = rb.get(kind) ?? null;
      const to = ra.get(kind) ?? null;
      if (from !== to) risks.push({ domain, kind, from, to });
    }
    const ub = before?.urgency ?? null;
    const ua = after?.urgency ?? null;
    if (ub !== ua) urgency.push({ domain, from: ub, to: ua });
  }

  const results = await loadResults(ctx, [aId, bId], cats);
  const instruments = new Map<string, string>();
  for (const r of results) instruments.set(r.result.instrumentId, r.title);
  const point = (of: string, instrumentId: string) => {
    const r = results.find((x) => x.result.assessmentId === of && x.result.instrumentId === instrumentId)?.result;
    return r ? { total: r.total, band: bandOf(r) } : null;
  };
  const scores = [...instruments].map(([instrumentId, title]) => {
    const from = point(aId, instrumentId);
    const to = point(bId, instrumentId);
    const change =
      typeof from?.total === 'number' && typeof to?.total === 'number' ? Math.round((to.total - from.total) * 1e6) / 1e6 : null;
    return { instrumentId, title, from, to, change };
  });

  const girFrom = canReadGir(access) ? a.row.gir : null;
  const girTo = canReadGir(access) ? b.row.gir : null;
  const [sumA] = await summaryRows(ctx, eq(assessment.id, aId));
  const [sumB] = await summaryRows(ctx, eq(assessment.id, bId));
  await ctx.audit({
    action: 'assessment.compare',
    resourceType: 'assessment',
    resourceId: bId,
    personId: a.row.personId,
    infoCategory: mostSensitive(cats, 'social'),
    purpose: purposeOf(access),
    details: { a: aId, b: bId, categories: cats },
  });
  return {
    a: toSummary(sumA!, access),
    b: toSummary(sumB!, access),
    gir: { from: girFrom, to: girTo, change: girFrom !== null && girTo !== null ? girTo - girFrom : null },
    needs,
    risks,
    urgency,
    scores,
  };
}

/** Signed assessments of a person over time (superseded ones are replaced by their correction): GIR and instrument totals by date. */
export async function assessmentSeries(ctx: Ctx, personId: string): Promise<AssessmentSeries> {
  const access = await resolveAccess(ctx, personId);
  assertCanReadAssessments(access);
  const cats = readableCategories(access);
  const rows = (await summaryRows(ctx, and(eq(assessment.personId, personId), eq(assessment.status, 'signed')))).reverse();
  const dateOf = new Map(rows.map((r) => [r.id, r.assessedOn]));
  const gir = canReadGir(access)
    ? rows.flatMap((r) => (r.gir === null ? [] : [{ date: r.assessedOn, assessmentId: r.id, gir: r.gir }]))
    : [];
  const results = await loadResults(
    ctx,
    rows.map((r) => r.id),
    cats,
  );
  const byInstrument = new Map<string, AssessmentSeries['instruments'][number]>();
  for (const x of results) {
    const r = x.result;
    if (r.total === null) continue;
    const line = byInstrument.get(r.instrumentId) ?? {
      instrumentId: r.instrumentId,
      title: x.title,
      kind: r.kind as InstrumentKind,
      points: [],
    };
    line.points.push({ date: dateOf.get(r.assessmentId)!, assessmentId: r.assessmentId, total: r.total, band: bandOf(r) });
    byInstrument.set(r.instrumentId, line);
  }
  for (const line of byInstrument.values())
    line.points.sort((p, q) => p.date.localeCompare(q.date) || p.assessmentId.localeCompare(q.assessmentId));
  await ctx.audit({
    action: 'assessment.series',
    resourceType: 'assessment',
    personId,
    infoCategory: mostSensitive(cats, 'social'),
    purpose: purposeOf(access),
    details: { assessments: rows.length, categories: cats },
  });
  return { gir, instruments: [...byInstrument.values()] };
}

const rank = <T extends string>(list: readonly T[], v: T | null) => (v === null ? -1 : list.indexOf(v));

/**
 * The needs of a signed assessment, as the personal plan takes them: domain, need, priority and
 * the domain's urgency, most urgent first, with the person's wishes beside them. A draft has no
 * needs to plan yet; a superseded assessment sends the caller to its correction.
 */
export async function needsSummary(ctx: Ctx, id: string): Promise<NeedsSummary> {
  const { row, access } = await openAssessment(ctx, id);
  if (row.status === 'superseded') {
    throw new AppError('assessment.superseded', 'This assessment was corrected: plan from the signed correction.', {
      current: { supersededById: row.supersededById },
    });
  }
  if (row.status !== 'signed') throw new AppError('assessment.not_signed', 'Only a signed assessment gives the needs to plan.');
  const cats = readableCategories(access);
  const sections = (await loadSections(ctx, [id], cats)).map(toSection).sort((a, b) => domainOrder(a.domain) - domainOrder(b.domain));
  const items = sections
    .flatMap((s) =>
      s.needs.map((n) => ({
        domain: s.domain,
        category: s.category,
        code: n.code,
        label: n.label,
        priority: n.priority,
        urgency: s.urgency,
        comment: n.comment,
      })),
    )
    .sort(
      (x, y) =>
        rank(urgencyLevels, y.urgency) - rank(urgencyLevels, x.urgency) ||
        rank(needPriorities, y.priority) - rank(needPriorities, x.priority) ||
        domainOrder(x.domain) - domainOrder(y.domain),
    );
  const wishes = sections.flatMap((s) => (s.wishes ? [{ domain: s.domain, text: s.wishes, expressedBy: s.wishesExpressedBy }] : []));
  await ctx.audit({
    action: 'assessment.needs',
    resourceType: 'assessment',
    resourceId: id,
    personId: row.personId,
    infoCategory: mostSensitive(cats, 'social'),
    purpose: purposeOf(access),
    details: { needs: items.length, categories: cats },
  });
  return { assessmentId: id, personId: row.personId, assessedOn: row.assessedOn, signedAt: iso(row.signedAt)!, items, wishes };
}
