import {
  AGGIR_DISCRIMINANT_VARIABLES,
  aggirInputSchema,
  assessmentDomains,
  codeFromAdverbs,
  type AggirAdverbs,
  type AggirCode,
  type AggirInput,
  type AnswerValue,
  type Assessment,
  type AssessmentContext,
  type AssessmentCreate,
  type AssessmentDomain,
  type AssessmentPlace,
  type AssessmentUpdate,
  type NeedPriority,
  type ResultInput,
  type ResultUpdate,
  type RiskKind,
  type RiskLevel,
  type SectionInput,
  type StrengthKind,
  type UrgencyLevel,
  type WishSource,
} from '@maillon/shared/assessments';

/**
 * The assessment as the form holds it: strings rather than nulls, every domain present, the AGGIR grid as typed and
 * the instruments being filled. Pure functions turn it into the API's bodies and compare it with the server's state.
 */

export interface NeedForm {
  code: string;
  priority: NeedPriority;
  comment: string;
}
export interface StrengthForm {
  kind: StrengthKind;
  description: string;
}
export interface RiskForm {
  kind: RiskKind;
  level: RiskLevel;
  comment: string;
}

export interface SectionForm {
  observations: string;
  needs: NeedForm[];
  wishes: string;
  wishesExpressedBy: WishSource | null;
  strengths: StrengthForm[];
  risks: RiskForm[];
  urgency: UrgencyLevel | null;
}

interface InstrumentEntryBase {
  instrumentId: string;
  versionId: string;
  /** The result already recorded on the server for this instrument; null until then. */
  resultId: string | null;
  /** Kept with the entry so that a resent result is never recorded twice. */
  idempotencyKey: string;
}
export type InstrumentEntry =
  | (InstrumentEntryBase & { kind: 'zarit'; scores: (number | null)[] })
  | (InstrumentEntryBase & { kind: 'questionnaire'; answers: Record<string, AnswerValue> });

export interface AssessmentForm {
  assessedOn: string;
  context: AssessmentContext | null;
  place: AssessmentPlace | null;
  participants: string;
  sections: Record<AssessmentDomain, SectionForm>;
  /** null: no grid in this assessment. */
  aggir: AggirInput | null;
  /** By instrument id. */
  instruments: Record<string, InstrumentEntry>;
}

/** What the caller may change (`access.can` of the assessment, or derived from the person's access for a new one). */
export interface WriteRights {
  domains: readonly AssessmentDomain[];
  aggir: boolean;
  /** Instrument domains whose results may be written (the instrument's domain decides its category). */
  instrumentDomains: readonly AssessmentDomain[];
}

export const emptySection = (): SectionForm => ({
  observations: '',
  needs: [],
  wishes: '',
  wishesExpressedBy: null,
  strengths: [],
  risks: [],
  urgency: null,
});

export function emptyForm(today: string): AssessmentForm {
  return {
    assessedOn: today,
    context: null,
    place: null,
    participants: '',
    sections: Object.fromEntries(assessmentDomains.map((d) => [d, emptySection()])) as Record<AssessmentDomain, SectionForm>,
    aggir: null,
    instruments: {},
  };
}

/** JSON with sorted keys: two values compare equal whatever the order their keys were written in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const blankToNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

export function sectionIsEmpty(s: SectionForm): boolean {
  return (
    s.observations.trim() === '' &&
    s.needs.length === 0 &&
    s.wishes.trim() === '' &&
    s.strengths.length === 0 &&
    s.risks.length === 0 &&
    s.urgency === null
  );
}

export function toSectionInput(s: SectionForm): SectionInput {
  const wishes = blankToNull(s.wishes);
  return {
    observations: blankToNull(s.observations),
    needs: s.needs.map((n) => ({ code: n.code, priority: n.priority, comment: blankToNull(n.comment) })),
    wishes,
    wishesExpressedBy: wishes === null ? null : s.wishesExpressedBy,
    strengths: s.strengths.map((x) => ({ kind: x.kind, description: x.description.trim() })),
    risks: s.risks.map((r) => ({ kind: r.kind, level: r.level, comment: blankToNull(r.comment) })),
    urgency: s.urgency,
  };
}

// --- AGGIR -----------------------------------------------------------------------------------------------------------

export type CodedAnswer = { code: AggirCode } | { adverbs: AggirAdverbs };
type LooseVariable = CodedAnswer | { subVariables: Record<string, CodedAnswer | null | undefined> };
interface LooseGrid {
  discriminant: Record<string, LooseVariable | null | undefined>;
  illustrative?: Record<string, CodedAnswer | null | undefined>;
}

// The grid's schema types each variable by name; the form walks it by id. Both views are the same JSON, and the
// shared schema checks the way back.
const toLoose = (grid: AggirInput): LooseGrid => ({ discriminant: { ...grid.discriminant }, illustrative: { ...grid.illustrative } });
const fromLoose = (grid: LooseGrid): AggirInput => aggirInputSchema.parse(grid);

export const emptyGrid = (): AggirInput => ({ discriminant: {}, illustrative: {} });

const SUB_VARIABLES: Record<string, readonly string[]> = Object.fromEntries(
  AGGIR_DISCRIMINANT_VARIABLES.map((v) => [v.id, v.subVariables.map((s) => s.id)]),
);

/** The answer of a discriminant variable (no `sub`), of one of its sub-variables, or of an illustrative variable. */
export function gridAnswer(grid: AggirInput | null, variable: string, sub?: string, illustrative = false): CodedAnswer | null {
  if (!grid) return null;
  const loose = toLoose(grid);
  if (illustrative) return loose.illustrative?.[variable] ?? null;
  const answer = loose.discriminant[variable];
  if (!answer) return null;
  if (sub === undefined) return 'subVariables' in answer ? null : answer;
  return 'subVariables' in answer ? (answer.subVariables[sub] ?? null) : null;
}

/** The grid with one answer changed (null clears it). */
export function setGridAnswer(
  grid: AggirInput | null,
  variable: string,
  sub: string | undefined,
  answer: CodedAnswer | null,
  illustrative = false,
): AggirInput {
  const loose = structuredClone(toLoose(grid ?? emptyGrid()));
  if (illustrative) {
    loose.illustrative = { ...loose.illustrative, [variable]: answer };
  } else if (sub === undefined) {
    loose.discriminant[variable] = answer;
  } else {
    const current = loose.discriminant[variable];
    const subs = current && 'subVariables' in current ? current.subVariables : {};
    loose.discriminant[variable] = { subVariables: { ...subs, [sub]: answer } };
  }
  return fromLoose(loose);
}

export const codeOfAnswer = (answer: CodedAnswer): AggirCode => ('code' in answer ? answer.code : codeFromAdverbs(answer.adverbs));

/**
 * A grid as the form edits it: a variable that has sub-variables but was coded as a whole (possible through the API)
 * has its code spread over its sub-variables, which yields the same variable code under every combination rule.
 */
export function normaliseGrid(grid: AggirInput): AggirInput {
  const loose = structuredClone(toLoose(grid));
  for (const [variable, subs] of Object.entries(SUB_VARIABLES)) {
    const answer = loose.discriminant[variable];
    if (subs.length === 0 || !answer || 'subVariables' in answer) continue;
    const code = codeOfAnswer(answer);
    loose.discriminant[variable] = { subVariables: Object.fromEntries(subs.map((s) => [s, { code }])) };
  }
  loose.illustrative ??= {};
  return fromLoose(loose);
}

/** True when no variable of the grid is coded. */
export function gridIsEmpty(grid: AggirInput): boolean {
  const loose = toLoose(grid);
  const coded = (a: LooseVariable | null | undefined): boolean =>
    !!a && ('subVariables' in a ? Object.values(a.subVariables).some((x) => !!x) : true);
  return !Object.values(loose.discriminant).some(coded) && !Object.values(loose.illustrative ?? {}).some((a) => !!a);
}

/** The grid as sent: without cleared answers, so that an untouched row and a cleared one look the same to the server. */
export function compactGrid(grid: AggirInput): AggirInput {
  const loose = toLoose(grid);
  const discriminant: LooseGrid['discriminant'] = {};
  for (const [variable, answer] of Object.entries(loose.discriminant)) {
    if (!answer) continue;
    if ('subVariables' in answer) {
      const subs = Object.fromEntries(Object.entries(answer.subVariables).filter(([, a]) => !!a));
      if (Object.keys(subs).length > 0) discriminant[variable] = { subVariables: subs };
    } else discriminant[variable] = answer;
  }
  const illustrative = Object.fromEntries(Object.entries(loose.illustrative ?? {}).filter(([, a]) => !!a));
  return fromLoose({ discriminant, illustrative });
}

// --- from the server ---------------------------------------------------------------------------------------------------

/** The form of an assessment read from the server (sections the caller may not read stay empty and are never sent). */
export function formFromAssessment(a: Assessment): AssessmentForm {
  const sections = {} as Record<AssessmentDomain, SectionForm>;
  for (const domain of assessmentDomains) {
    const s = a.sections[domain];
    sections[domain] = s
      ? {
          observations: s.observations ?? '',
          needs: s.needs.map((n) => ({ code: n.code, priority: n.priority, comment: n.comment ?? '' })),
          wishes: s.wishes ?? '',
          wishesExpressedBy: s.wishesExpressedBy,
          strengths: s.strengths.map((x) => ({ kind: x.kind, description: x.description })),
          risks: s.risks.map((r) => ({ kind: r.kind, level: r.level, comment: r.comment ?? '' })),
          urgency: s.urgency,
        }
      : emptySection();
  }
  const instruments: Record<string, InstrumentEntry> = {};
  for (const r of a.results) {
    const base = { instrumentId: r.instrumentId, versionId: r.instrumentVersionId, resultId: r.id, idempotencyKey: r.id };
    instruments[r.instrumentId] =
      r.kind === 'zarit'
        ? { ...base, kind: 'zarit', scores: [...(r.scores ?? [])] }
        : { ...base, kind: 'questionnaire', answers: { ...r.answers } };
  }
  return {
    assessedOn: a.assessedOn,
    context: a.context,
    place: a.place,
    participants: a.participants ?? '',
    sections,
    aggir: a.aggir ? normaliseGrid(a.aggir.input) : null,
    instruments,
  };
}

// --- to the server -----------------------------------------------------------------------------------------------------

const resultInput = (entry: InstrumentEntry): ResultInput =>
  entry.kind === 'zarit'
    ? { kind: 'zarit', instrumentVersionId: entry.versionId, scores: entry.scores.map((s) => s ?? 0) }
    : { kind: 'questionnaire', instrumentVersionId: entry.versionId, answers: entry.answers };

const scoresOf = (entry: InstrumentEntry) => (entry.kind === 'zarit' ? entry.scores : entry.answers);

/** A new assessment's body; `resultOrder` says which instrument each `results[i]` is (to place the server's errors). */
export function createBody(form: AssessmentForm, rights: WriteRights, instrumentDomain: (id: string) => AssessmentDomain | undefined) {
  const sections: Partial<Record<AssessmentDomain, SectionInput>> = {};
  for (const domain of rights.domains) {
    const s = form.sections[domain];
    if (!sectionIsEmpty(s)) sections[domain] = toSectionInput(s);
  }
  const entries = Object.values(form.instruments).filter((e) => {
    const domain = instrumentDomain(e.instrumentId);
    return domain !== undefined && rights.instrumentDomains.includes(domain);
  });
  const body: AssessmentCreate = {
    assessedOn: form.assessedOn,
    // Checked before sending: a new assessment needs its context.
    context: form.context ?? 'admission',
    place: form.place,
    participants: blankToNull(form.participants),
    ...(rights.aggir && form.aggir && !gridIsEmpty(form.aggir) ? { aggir: compactGrid(form.aggir) } : {}),
    ...(Object.keys(sections).length > 0 ? { sections } : {}),
    ...(entries.length > 0 ? { results: entries.map(resultInput) } : {}),
  };
  return { body, resultOrder: entries.map((e) => e.instrumentId) };
}

export type ResultOp =
  | { op: 'add'; instrumentId: string; input: ResultInput; idempotencyKey: string }
  | { op: 'update'; instrumentId: string; resultId: string; body: ResultUpdate }
  | { op: 'archive'; instrumentId: string; resultId: string };

export interface UpdatePlan {
  patch: AssessmentUpdate | null;
  results: ResultOp[];
}

/** What to send to bring the server's draft to the form's state: only what changed and what the caller may write. */
export function updatePlan(
  form: AssessmentForm,
  server: Assessment,
  rights: WriteRights,
  instrumentDomain: (id: string) => AssessmentDomain | undefined,
): UpdatePlan {
  const before = formFromAssessment(server);
  const patch: AssessmentUpdate = {};
  if (form.assessedOn !== before.assessedOn) patch.assessedOn = form.assessedOn;
  if (form.context !== null && form.context !== before.context) patch.context = form.context;
  if (form.place !== before.place) patch.place = form.place;
  if (blankToNull(form.participants) !== blankToNull(before.participants)) patch.participants = blankToNull(form.participants);
  if (rights.aggir) {
    const now = form.aggir && !gridIsEmpty(form.aggir) ? compactGrid(form.aggir) : null;
    const was = before.aggir && !gridIsEmpty(before.aggir) ? compactGrid(before.aggir) : null;
    if (stableJson(now) !== stableJson(was)) patch.aggir = now;
  }
  const sections: Partial<Record<AssessmentDomain, SectionInput>> = {};
  for (const domain of rights.domains) {
    const now = toSectionInput(form.sections[domain]);
    const wasSection = server.sections[domain];
    const was = toSectionInput(before.sections[domain]);
    // An untouched domain stays "not assessed": it is sent only once something was written in it, or it changed.
    if (stableJson(now) === stableJson(was)) continue;
    if (!wasSection?.assessed && sectionIsEmpty(form.sections[domain])) continue;
    sections[domain] = now;
  }
  if (Object.keys(sections).length > 0) patch.sections = sections;

  const results: ResultOp[] = [];
  const serverResults = new Map(server.results.map((r) => [r.instrumentId, r]));
  for (const entry of Object.values(form.instruments)) {
    const existing = serverResults.get(entry.instrumentId);
    const domain = existing?.domain ?? instrumentDomain(entry.instrumentId);
    if (domain === undefined || !rights.instrumentDomains.includes(domain)) continue;
    if (!existing) {
      results.push({ op: 'add', instrumentId: entry.instrumentId, input: resultInput(entry), idempotencyKey: entry.idempotencyKey });
      continue;
    }
    const previous = before.instruments[entry.instrumentId];
    if (previous && stableJson(scoresOf(previous)) === stableJson(scoresOf(entry))) continue;
    results.push({
      op: 'update',
      instrumentId: entry.instrumentId,
      resultId: existing.id,
      body: entry.kind === 'zarit' ? { scores: entry.scores.map((s) => s ?? 0) } : { answers: entry.answers },
    });
  }
  for (const r of server.results) {
    if (!form.instruments[r.instrumentId] && rights.instrumentDomains.includes(r.domain)) {
      results.push({ op: 'archive', instrumentId: r.instrumentId, resultId: r.id });
    }
  }
  return { patch: Object.keys(patch).length > 0 ? patch : null, results };
}

/** True when the server's draft already holds what the form would send (e.g. a save whose answer was lost). */
export function matchesServer(
  form: AssessmentForm,
  server: Assessment,
  rights: WriteRights,
  instrumentDomain: (id: string) => AssessmentDomain | undefined,
): boolean {
  const plan = updatePlan(form, server, rights, instrumentDomain);
  return plan.patch === null && plan.results.length === 0;
}
