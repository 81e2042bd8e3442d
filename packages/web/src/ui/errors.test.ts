import { errorCodes } from '@maillon/shared/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { ApiError, CLIENT_ERROR_CODES } from './api';
import { describeError, errorMessage, fieldErrorMessage } from './errors';

/** The text at a dotted key of a catalogue, or undefined. */
function textAt(catalogue: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalogue);
}

const problem = (code: string, status: number, detail = 'This referral does not exist or is not visible to you.') =>
  new ApiError({ status, code, title: 'Not found', detail, correlationId: 'c-1' });

describe('the error catalogue in the UI languages', () => {
  it('has a French and an English sentence for every code', () => {
    const missing = errorCodes.flatMap((code) =>
      Object.entries({ fr, en })
        .filter(([, catalogue]) => {
          const text = textAt(catalogue, `errors.${code}`);
          return typeof text !== 'string' || text.trim() === '';
        })
        .map(([language]) => `${language}: errors.${code}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('errorMessage', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('fr');
  });

  it('words a code in French, never the English detail', () => {
    expect(errorMessage(problem('not_found', 404), i18n.t)).toBe('Cet élément n’existe pas ou ne vous est pas accessible.');
    expect(errorMessage(problem('referral.service_full', 409, 'The service is full (3 people for 3 places).'), i18n.t)).toBe(
      'Le service est complet : admettez la personne quand une place se libère.',
    );
    expect(describeError(problem('plan.already_open', 409), i18n.t)).toEqual({
      message: 'Cette personne a déjà un plan : révisez-le plutôt que d’en commencer un autre.',
      correlationId: 'c-1',
    });
  });

  it('words it in English when English is chosen', () => {
    expect(errorMessage(problem('referral.service_full', 409), i18n.getFixedT('en'))).toBe(
      'The service is full: admit the person when a place is free.',
    );
  });

  it('gives an unknown code the generic words of its status, never the raw code', () => {
    const message = errorMessage(problem('referral.some_future_refusal', 409, 'Some English text.'), i18n.t);
    expect(message).toBe('Cet élément existe déjà ou a été modifié entre-temps. Rechargez la page puis réessayez.');
    expect(errorMessage(problem('http_404', 404), i18n.t)).toBe('Cet élément n’existe pas ou ne vous est pas accessible.');
    expect(errorMessage(problem('teapot', 418), i18n.t)).toBe(
      'Certaines informations ne sont pas valides : vérifiez les champs signalés puis réessayez.',
    );
    expect(errorMessage(problem('http_502', 502), i18n.t)).toBe('Le serveur a rencontré un problème. Réessayez dans quelques instants.');
  });

  it('words the client-side failures and anything else thrown', () => {
    expect(errorMessage(new ApiError({ status: 0, code: CLIENT_ERROR_CODES.network, title: 'Network error' }), i18n.t)).toBe(
      'Le serveur est injoignable. Vérifiez votre connexion puis réessayez.',
    );
    expect(errorMessage(new Error('Cannot read properties of undefined'), i18n.t)).toBe('Une erreur inattendue est survenue.');
  });

  it('words field-error codes, and a code it does not know as "not valid"', () => {
    expect(fieldErrorMessage({ code: 'unknown_service' }, i18n.t)).toBe('Ce service n’existe pas.');
    expect(fieldErrorMessage({ code: 'something_new' }, i18n.t)).toBe('Cette valeur n’est pas valide.');
  });
});
