import { emailSchema, organisationUpdateSchema, serviceCreateSchema } from '@maillon/shared/identity';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { i18n } from '../i18n';
import { ApiError } from './api';
import { issueMessage, localiseFieldErrors, stripLocation } from './form';

const messages = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? [] : result.error.issues.map((issue) => issueMessage(issue, i18n.t));
};

describe('form messages', () => {
  it('words the shared schemas’ issues in French', async () => {
    await i18n.changeLanguage('fr');
    expect(messages(emailSchema, '')).toEqual(['Ce champ est obligatoire.']);
    expect(messages(emailSchema, 'pas-une-adresse')).toEqual(['Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.']);
    expect(messages(serviceCreateSchema.shape.name, 'A')).toEqual(['Au moins 2 caractères.']);
    expect(messages(serviceCreateSchema.shape.name, '')).toEqual(['Ce champ est obligatoire.']);
    expect(messages(serviceCreateSchema.shape.kind, null)).toEqual(['Ce champ est obligatoire.']);
    expect(messages(serviceCreateSchema.shape.kind, 'hopital')).toEqual(['Choisissez une valeur dans la liste.']);
    expect(messages(serviceCreateSchema.shape.capacity, -1)).toEqual(['La valeur minimale est 0.']);
    expect(messages(organisationUpdateSchema.shape.finess, '12')).toEqual(['Le format n’est pas valide.']);
  });

  it('uses the key a custom issue carries', async () => {
    await i18n.changeLanguage('fr');
    const schema = z.string().superRefine((_, ctx) => {
      ctx.addIssue({ code: 'custom', message: 'too_short', params: { i18nKey: 'password.problems.too_short' } });
    });
    expect(messages(schema, 'court')).toEqual(['Le mot de passe doit contenir au moins 12 caractères (une phrase convient).']);
  });

  it('follows the UI language', async () => {
    await i18n.changeLanguage('en');
    expect(messages(emailSchema, '')).toEqual(['This field is required.']);
    await i18n.changeLanguage('fr');
  });
});

describe('server field errors', () => {
  it('strips the location prefix of a path', () => {
    expect(stripLocation('body.email')).toBe('email');
    expect(stripLocation('querystring.cursor')).toBe('cursor');
    expect(stripLocation('address.city')).toBe('address.city');
  });

  it('translates known codes, says "not valid" otherwise (never the server’s English), and lets a form word a code itself', async () => {
    await i18n.changeLanguage('fr');
    const error = new ApiError({
      status: 400,
      code: 'validation_failed',
      title: 'Invalid',
      fieldErrors: [
        { path: 'body.newPassword', message: 'This password is too common', code: 'password_common' },
        { path: 'body.email', message: 'already a member', code: 'duplicate' },
        { path: 'body.other', message: 'Something else', code: 'mystery' },
      ],
    });
    expect(localiseFieldErrors(error, i18n.t).fieldErrors).toEqual([
      { path: 'newPassword', message: expect.stringMatching(/trop courant/), code: 'password_common' },
      { path: 'email', message: 'Cette valeur est déjà utilisée.', code: 'duplicate' },
      { path: 'other', message: 'Cette valeur n’est pas valide.', code: 'mystery' },
    ]);
    expect(localiseFieldErrors(error, i18n.t, { duplicate: 'Déjà membre.' }).fieldErrors[1]?.message).toBe('Déjà membre.');
  });
});
