import { describe, expect, it } from 'vitest';
import { categoriesFor } from '../people/categories.ts';
import { defaultJournalCategory, journalCreateSchema } from './index.ts';

describe('default category of a journal entry (issue 20 item 1)', () => {
  it('makes a nurse’s or a care assistant’s transmission health information, and their phone call administrative or social', () => {
    expect(defaultJournalCategory('transmission', 'health_professional', 'nurse')).toBe('health');
    expect(defaultJournalCategory('transmission', 'care_staff', 'care_assistant')).toBe('health');
    expect(defaultJournalCategory('phone_call', 'care_staff', 'care_assistant')).toBe('administrative');
    expect(defaultJournalCategory('phone_call', 'health_professional', 'nurse')).toBe('social');
  });

  it('makes a social worker’s entries social, and an administrative profile’s administrative', () => {
    expect(defaultJournalCategory('interview_report', 'social_worker', 'social_worker')).toBe('social');
    expect(defaultJournalCategory('transmission', 'coordinator', null)).toBe('social');
    expect(defaultJournalCategory('event', 'coordinator', 'administrative')).toBe('administrative');
  });

  it('falls back to a category the author may write for this person, or none', () => {
    expect(defaultJournalCategory('transmission', 'external_partner', 'nurse', ['administrative'])).toBe('administrative');
    expect(defaultJournalCategory('partner_information', 'external_partner', 'nurse', categoriesFor('external_partner', 'nurse'))).toBe(
      'health',
    );
    expect(defaultJournalCategory('transmission', 'dpo', null)).toBeNull();
  });
});

describe('journal entry input', () => {
  it('refuses an entry with neither text nor targeted transmission', () => {
    const r = journalCreateSchema.safeParse({ kind: 'transmission', text: '   ' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['text']);
  });

  it('accepts a targeted transmission (cible + D/A/R) flagged to acknowledge by the care team', () => {
    const r = journalCreateSchema.safeParse({
      kind: 'transmission',
      target: { cible: 'Douleur', data: 'EVA 6', actions: 'Antalgique donné', results: 'EVA 3 à 1 h' },
      acknowledge: { careTeam: true },
    });
    expect(r.success).toBe(true);
  });

  it('refuses an acknowledgement request naming nobody', () => {
    expect(journalCreateSchema.safeParse({ kind: 'observation', text: 'ok', acknowledge: {} }).success).toBe(false);
  });
});
