import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionInputSchema, referralCreateSchema } from './schemas.ts';
import { referralStatuses, waitingPriorities } from './vocabulary.ts';
import {
  checklistProgress,
  defaultChecklist,
  occupancyOf,
  rankWaitingList,
  referralReference,
  referralTransitions,
  referrerStatusOf,
  transitionProblem,
} from './workflow.ts';

describe('status flow', () => {
  it('follows received → under review → presented → decided → admitted → ended', () => {
    expect(transitionProblem('received', 'under_review')).toBeNull();
    expect(transitionProblem('under_review', 'presented')).toBeNull();
    expect(transitionProblem('presented', 'decided')).toBeNull();
    expect(transitionProblem('decided', 'admitted', 'accepted')).toBeNull();
    expect(transitionProblem('admitted', 'ended')).toBeNull();
  });

  it('lets a postponed case go back to review, and a waiting-list decision be admitted later', () => {
    expect(transitionProblem('presented', 'under_review')).toBeNull();
    expect(transitionProblem('decided', 'admitted', 'waiting_list')).toBeNull();
  });

  it('refuses skipping steps, going back from a decision, and anything after the end', () => {
    expect(transitionProblem('received', 'decided')).toBe('not_allowed');
    expect(transitionProblem('received', 'admitted')).toBe('not_allowed');
    expect(transitionProblem('decided', 'under_review', 'accepted')).toBe('not_allowed');
    expect(transitionProblem('withdrawn', 'under_review')).toBe('not_allowed');
    expect(transitionProblem('ended', 'admitted')).toBe('not_allowed');
  });

  it('keeps a refusal or a redirection final', () => {
    expect(transitionProblem('decided', 'admitted', 'refused')).toBe('outcome_final');
    expect(transitionProblem('decided', 'withdrawn', 'redirected')).toBe('outcome_final');
    expect(transitionProblem('decided', 'withdrawn', 'waiting_list')).toBeNull();
  });

  it('never allows a status to move to itself, and final statuses have no way out', () => {
    for (const s of referralStatuses) {
      expect(referralTransitions[s]).not.toContain(s);
      if (s === 'withdrawn' || s === 'ended') expect(referralTransitions[s]).toEqual([]);
    }
  });

  it('tells the referrer a coarse step only', () => {
    expect(referrerStatusOf('presented')).toBe('in_progress');
    expect(referrerStatusOf('under_review')).toBe('in_progress');
    expect(referrerStatusOf('ended')).toBe('admitted');
  });
});

describe('waiting list order', () => {
  it('ranks by priority, then by the date put on the list, then by id', () => {
    const ranked = rankWaitingList([
      { id: 'c', priority: 'normal', since: '2026-01-05' },
      { id: 'b', priority: 'high', since: '2026-03-01' },
      { id: 'a', priority: 'normal', since: '2026-01-05' },
      { id: 'd', priority: 'urgent', since: '2026-04-01' },
      { id: 'e', priority: 'high', since: '2026-02-01' },
    ]);
    expect(ranked.map((e) => [e.id, e.rank])).toEqual([
      ['d', 1],
      ['e', 2],
      ['b', 3],
      ['a', 4],
      ['c', 5],
    ]);
  });

  it('is a total order: any permutation gives the same ranking', () => {
    const entry = fc.record({
      id: fc.uuid(),
      priority: fc.constantFrom(...waitingPriorities),
      since: fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 30 }), (entries) => {
        const once = rankWaitingList(entries).map((e) => e.id);
        const again = rankWaitingList([...entries].reverse()).map((e) => e.id);
        expect(again).toEqual(once);
      }),
    );
  });
});

describe('capacity', () => {
  it('computes free places and the rate, and says when the service is full', () => {
    expect(occupancyOf(45, 43)).toEqual({ capacity: 45, occupied: 43, free: 2, rate: 95.6, full: false });
    expect(occupancyOf(45, 45).full).toBe(true);
    expect(occupancyOf(10, 12)).toMatchObject({ free: 0, full: true, rate: 120 });
    expect(occupancyOf(null, 7)).toEqual({ capacity: null, occupied: 7, free: null, rate: null, full: false });
  });
});

describe('pre-admission checklist', () => {
  it('asks a SSIAD for the nursing prescription and counts documents present in the record as done', () => {
    const items = defaultChecklist('ssiad');
    expect(items.map((i) => i.documentType)).toContain('prescription');
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    expect(
      checklistProgress([
        { done: true, documentStatus: null },
        { done: false, documentStatus: 'present' },
        { done: false, documentStatus: 'expired' },
      ]),
    ).toEqual({ done: 2, total: 3 });
    // One count with the badges: a ticked document the record lacks (or holds expired) is not complete.
    expect(
      checklistProgress([
        { done: true, documentStatus: 'missing' },
        { done: true, documentStatus: 'expired' },
        { done: true, documentStatus: 'present' },
        { done: true, documentStatus: null },
      ]),
    ).toEqual({ done: 2, total: 4 });
  });

  it('numbers referrals as they are quoted on the phone', () => {
    expect(referralReference(2026, 42)).toBe('2026-0042');
  });
});

describe('a decision needs its reasons', () => {
  const base = {
    facts: 'Sortie du CH de Valence le 12 mars après une fracture du col.',
    needs: 'Aide à la toilette et soins infirmiers quotidiens.',
  };
  const paths = (v: unknown) => {
    const r = decisionInputSchema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts a plain admission and an admission under conditions', () => {
    expect(paths({ ...base, outcome: 'accepted' })).toEqual([]);
    expect(
      paths({
        ...base,
        outcome: 'accepted',
        admissionConditions: 'Passage deux fois par jour.',
        integrationConditions: 'Lit médicalisé installé.',
      }),
    ).toEqual([]);
  });

  it('refuses a refusal without reasons, a redirection without where and why, a waiting list without priority', () => {
    expect(paths({ ...base, outcome: 'refused' })).toEqual(['refusalReasons']);
    expect(paths({ ...base, outcome: 'redirected', redirectedTo: 'SAAD' })).toEqual(['redirectReason']);
    expect(paths({ ...base, outcome: 'waiting_list', waitingReason: 'Service complet à ce jour.' })).toEqual(['waitingPriority']);
  });

  it('always needs the facts and the needs', () => {
    expect(paths({ outcome: 'refused', refusalReasons: 'Hors du secteur géographique du service.' })).toEqual(['facts', 'needs']);
  });

  it('needs the name of the hospital or partner that refers', () => {
    const r = referralCreateSchema.safeParse({
      source: 'hospital',
      channel: 'phone',
      referrerName: 'Mme Roux',
      urgency: 'priority',
      reason: 'Retour à domicile après hospitalisation.',
      requestedServiceIds: ['0190a0b0-0000-7000-8000-000000000001'],
      personInformed: true,
      person: { birthName: 'Martin', firstNames: 'Jeanne', sex: 'female', birthDate: '1938-02-03' },
    });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['sourceOrganisation']);
  });
});
