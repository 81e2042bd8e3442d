import { authenticator } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, waitForMail } from './browser';

const DEMO_ADMIN = { email: 'admin@demo.maillon.fr', password: 'Parcours-Demo-2026' };
/** This file's own administrator: turning MFA on changes no account that another e2e file signs in with. */
const ADMIN = {
  email: `sacha.girard.${Date.now()}@demo.maillon.fr`,
  name: 'Sacha Girard',
  password: 'Une girafe lit le journal du matin',
};
const HEADERS = { 'x-requested-with': 'maillon' };
const COORDINATOR = {
  email: `lucie.bernard.${Date.now()}@demo.maillon.fr`,
  name: 'Lucie Bernard',
  password: 'Le chat dort sur le canapé bleu',
};

const TOTP_STEP_MS = 30_000;
const currentStep = () => Math.floor(Date.now() / TOTP_STEP_MS);

/**
 * A TOTP code the server will accept: from a time step after `usedStep` (a used code cannot be replayed,
 * SEC-AUTHN-06) and not in the last 3 s of its step, so it is still valid when it reaches the server.
 */
async function freshCode(secret: string, usedStep: number): Promise<{ code: string; step: number }> {
  for (;;) {
    const now = Date.now();
    if (currentStep() > usedStep && TOTP_STEP_MS - (now % TOTP_STEP_MS) > 3_000)
      return { code: authenticator.generate(secret), step: currentStep() };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await page.getByLabel(/^Adresse e-mail/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function openUserMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Menu de ${name}` }).click();
}

/** The demo's administrator invites ADMIN, who accepts (through the API: the invitation workflow is tested below). */
async function inviteOwnAdmin(): Promise<void> {
  const { context } = await newPage(browser);
  const login = await context.request.post('/api/v1/auth/login', { headers: HEADERS, data: DEMO_ADMIN });
  expect(login.status()).toBe(200);
  const invited = await context.request.post('/api/v1/identity/invitations', {
    headers: HEADERS,
    data: { email: ADMIN.email, displayName: ADMIN.name, role: 'admin' },
  });
  expect(invited.status()).toBe(201);
  const token = /#token=([\w-]+)/.exec((await waitForMail(ADMIN.email)).text)?.[1];
  expect(token).toBeDefined();
  const accepted = await context.request.post('/api/v1/auth/invitations/accept', {
    headers: HEADERS,
    data: { token, displayName: ADMIN.name, password: ADMIN.password },
  });
  expect(accepted.status()).toBe(200);
  await context.close();
}

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
  await inviteOwnAdmin();
});

afterAll(async () => {
  await browser?.close();
});

describe('identity and audit', () => {
  it('an admin turns on MFA, signs in with a code, invites a coordinator who cannot reach the users administration', async () => {
    const { context, page } = await newPage(browser);

    // Signed out, a protected page leads to the sign-in page, then back to it.
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await expectAccessible(page);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'Utilisateurs' }).waitFor();
    await page.getByRole('cell', { name: /^Camille Lefèvre/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await expectAccessible(page);

    // MFA set-up from the profile: the secret is read from the page, a code confirms it.
    await openUserMenu(page, ADMIN.name);
    await page.getByRole('menuitem', { name: 'Mon profil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon profil' }).waitFor();
    await page.getByRole('link', { name: 'Configurer la double authentification' }).click();
    await page.getByRole('button', { name: 'Commencer la configuration' }).click();
    const secretField = page.getByLabel('Clé secrète');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(page.getByRole('img', { name: /QR code/ }).getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml/);
    const enrolment = await freshCode(secret, 0);
    await page.getByLabel(/^Code à 6 chiffres/).fill(enrolment.code);
    await page.getByLabel(/^Mot de passe actuel/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    const recoveryCodes = page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem');
    await recoveryCodes.first().waitFor();
    expect(await recoveryCodes.allTextContents()).toHaveLength(10);
    const finish = page.getByRole('button', { name: 'Terminer' });
    expect(await finish.isDisabled()).toBe(true);
    await page.getByLabel('J’ai conservé ces codes en lieu sûr').check();
    await finish.click();
    await page.getByRole('heading', { level: 1, name: 'Mon profil' }).waitFor();
    await page.getByText('Activée', { exact: true }).waitFor();

    // Sign out: the session ends and nothing but the language choice is left in browser storage.
    await openUserMenu(page, ADMIN.name);
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    const storage = await page.evaluate(() => ({ local: Object.keys(localStorage), session: sessionStorage.length }));
    expect(storage.local.filter((key) => key !== 'maillon.lang')).toEqual([]);
    expect(storage.session).toBe(0);
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();

    // Sign in again: password, then a code of a later time step than the one used at enrolment.
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'Double authentification' }).waitFor();
    const codeField = page.getByLabel(/^Code à 6 chiffres/);
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    const login = await freshCode(secret, enrolment.step);
    await codeField.fill(login.code);
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('heading', { level: 1, name: 'Utilisateurs' }).waitFor();

    // Invite a coordinator through the UI.
    await page.getByRole('button', { name: 'Inviter un membre' }).click();
    const dialog = page.getByRole('dialog', { name: 'Inviter un membre' });
    await dialog.getByLabel(/^Adresse e-mail/).fill(COORDINATOR.email);
    await dialog.getByLabel(/^Nom affiché/).fill(COORDINATOR.name);
    await dialog.getByRole('combobox', { name: 'Rôle' }).click();
    await dialog.getByRole('option', { name: 'Coordinateur·rice de parcours' }).click();
    await dialog.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    // Inviting grants rights: the e2e server allows one second between authentication and such an
    // action, so the step-up (password and a new code) is real (SEC-SESS-06).
    const stepUp = page.getByRole('dialog', { name: 'Confirmez votre identité' });
    await stepUp.getByLabel(/^Mot de passe/).fill(ADMIN.password);
    await stepUp.getByLabel(/^Code à 6 chiffres/).fill((await freshCode(secret, login.step)).code);
    await stepUp.getByRole('button', { name: 'Confirmer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: COORDINATOR.email, exact: true }).waitFor();

    // The audit log shows it, newest first.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Journal d’audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Membre invité' }).first().waitFor();
    const firstRow = page.getByRole('row').nth(1);
    expect(await firstRow.textContent()).toContain('Membre invité');
    await expectAccessible(page);
    // Filtering by action: a choice of actions in words, not a code to type (issue 19 item 15).
    await page.getByRole('combobox', { name: 'Action', exact: true }).click();
    await page.getByRole('option', { name: 'Membre invité', exact: true }).click();
    await expect
      .poll(async () => new Set(await page.getByRole('row').locator('td:nth-child(3) > p:first-child').allTextContents()))
      .toEqual(new Set(['Membre invité']));

    // The invitation mail arrives; its link carries the token in the fragment.
    const mail = await waitForMail(COORDINATOR.email);
    const link = /https?:\/\/\S+\/invitation#token=[\w-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    const { pathname, hash } = new URL(link!);

    // The coordinator accepts in another browser context.
    const invitee = await newPage(browser);
    await invitee.page.goto(pathname + hash);
    await invitee.page.getByRole('heading', { level: 1, name: 'Invitation' }).waitFor();
    await invitee.page.getByText('DAC Drôme-Ardèche Nord').waitFor();
    await invitee.page.getByText('Coordinateur·rice de parcours').waitFor();
    expect(new URL(invitee.page.url()).hash).toBe('');
    // The name the administrator typed is already there, and stays editable (issue 19 item 12).
    const name = invitee.page.getByLabel(/^Nom affiché/);
    expect(await name.inputValue()).toBe(COORDINATOR.name);
    expect(await name.isEditable()).toBe(true);
    await invitee.page.getByLabel(/^Choisissez un mot de passe/).fill(COORDINATOR.password);
    await invitee.page.getByRole('button', { name: 'Accepter l’invitation' }).click();
    await invitee.page.getByText('Invitation acceptée').waitFor();
    await invitee.page.getByRole('link', { name: 'Se connecter' }).click();

    // The coordinator has no users administration: not in the navigation, and refused when typed.
    await signIn(invitee.page, COORDINATOR.email, COORDINATOR.password);
    await invitee.page.getByRole('heading', { level: 1, name: 'Bienvenue dans Maillon' }).waitFor();
    const navigation = invitee.page.getByRole('navigation', { name: 'Navigation principale' });
    await navigation.getByRole('link', { name: 'Accueil' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Utilisateurs' }).count()).toBe(0);
    expect(await navigation.getByRole('link', { name: 'Journal d’audit' }).count()).toBe(0);
    await invitee.page.goto('/admin/users');
    await invitee.page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();

    await invitee.context.close();
    await context.close();
  });
});
