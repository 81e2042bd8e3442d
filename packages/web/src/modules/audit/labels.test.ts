import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { auditActions } from '@maillon/shared/audit';
import { actionLabel, outcomeLabel, resourceLabel, shortId } from './labels';

describe('audit labels', () => {
  it('names known actions in French and shows unknown ones as they are', async () => {
    await i18n.changeLanguage('fr');
    expect(actionLabel(i18n.t, 'auth.login')).toBe('Connexion');
    expect(actionLabel(i18n.t, 'user.role_changed')).toBe('Rôle changé');
    expect(resourceLabel(i18n.t, 'legal_protection')).toBe('Mesure de protection');
    expect(actionLabel(i18n.t, 'plan.signed')).toBe('plan.signed');
    // A prefix that is a group of the catalogue is not an action.
    expect(actionLabel(i18n.t, 'auth')).toBe('auth');
    expect(outcomeLabel(i18n.t, 'denied')).toBe('Refusé');
  });

  it('names every action of the catalogue in both languages, never as its code (issue 18 item 4)', async () => {
    for (const language of ['fr', 'en']) {
      await i18n.changeLanguage(language);
      for (const a of auditActions) expect(actionLabel(i18n.t, a), a).not.toBe(a);
    }
    expect(actionLabel(i18n.t, 'person.dpo_search')).toBe('Person searched by the DPO');
    await i18n.changeLanguage('fr');
  });

  it('shortens uuids only', () => {
    expect(shortId('01a202c8-0e93-7af8-bc55-5a22073fc795')).toBe('01a202c8…');
    expect(shortId('GET /api/v1/identity/members')).toBe('GET /api/v1/identity/members');
  });
});
