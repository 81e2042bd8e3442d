import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { ApiError } from './api';
import { applyLocalisedServerErrors } from './serverErrors';

const problem = (fieldErrors: { path: string; message: string; code: string }[]) =>
  new ApiError({ status: 400, code: 'validation_failed', title: 'Bad Request', fieldErrors });

describe('server field errors in the UI language', () => {
  it('words a known code, then a field of the form, then the zod code, and never shows the English message', async () => {
    await i18n.changeLanguage('fr');
    let set: Record<string, string> = {};
    const form = { setErrors: (errors: Record<string, string>) => (set = errors) };
    const applied = applyLocalisedServerErrors(
      form,
      problem([
        { path: 'body.serviceId', message: 'Unknown service', code: 'unknown_service' },
        { path: 'body.ins.matricule', message: 'The key of this INS matricule does not match', code: 'custom' },
        { path: 'body.address.postcode', message: 'A postcode has 5 digits', code: 'invalid_format' },
        { path: 'headers.if-match', message: 'invalid ETag', code: 'invalid_format' },
      ]),
      {
        byCode: { unknown_service: 'Service inconnu.' },
        byPath: { 'ins.matricule': 'Clé incorrecte.' },
        fields: ['serviceId', 'ins.matricule', 'address.postcode'],
      },
    );
    expect(applied).toBe(true);
    expect(set).toEqual({
      serviceId: 'Service inconnu.',
      'ins.matricule': 'Clé incorrecte.',
      'address.postcode': 'Le format n’est pas valide.',
    });
  });

  it('says so when no error lands on a field of the form', () => {
    const form = { setErrors: () => undefined };
    expect(
      applyLocalisedServerErrors(form, problem([{ path: 'headers.if-match', message: 'x', code: 'invalid_format' }]), { fields: ['name'] }),
    ).toBe(false);
    expect(applyLocalisedServerErrors(form, new Error('boom'))).toBe(false);
  });

  it("keeps by default to the form's own values, so an error it cannot show becomes a general message", () => {
    let set: Record<string, string> = {};
    const form = {
      setErrors: (errors: Record<string, string>) => (set = errors),
      getValues: () => ({ admittedOn: '', place: { kind: '' } }),
    };
    const full = problem([{ path: 'body.serviceId', message: 'This service is full', code: 'capacity_full' }]);
    expect(applyLocalisedServerErrors(form, full)).toBe(false);
    const nested = problem([{ path: 'body.place.kind', message: 'Required', code: 'too_small' }]);
    expect(applyLocalisedServerErrors(form, nested)).toBe(true);
    expect(Object.keys(set)).toEqual(['place.kind']);
  });
});
