import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../server/test/pdf-text.ts';
import { expectAccessible, launch, newPage } from './browser.ts';

const PASSWORD = 'Parcours-Demo-2026';
const CARE_STAFF = 'aide-soignant@demo.maillon.fr';
const NURSE = 'infirmier@demo.maillon.fr';
const COORDINATOR = 'coordination@demo.maillon.fr';
const HEADERS = { 'x-requested-with': 'maillon' };

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function signedIn(email: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPage(browser, { width, height: 1024 });
  const res = await opened.context.request.post('/api/v1/auth/login', { headers: HEADERS, data: { email, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return opened;
}

async function personId(context: BrowserContext, birthName: string): Promise<string> {
  const res = await context.request.post('/api/v1/people/search', { headers: HEADERS, data: { scope: 'all', sort: 'name', limit: 200 } });
  const { items } = (await res.json()) as { items: { id: string; birthName: string }[] };
  return items.find((p) => p.birthName === birthName)!.id;
}

/** Axe once the toasts have gone (a toast fading out has, for a moment, too little contrast). */
async function accessible(page: Page): Promise<void> {
  const toasts = page.locator('.mantine-Notification-root');
  for (const close of await toasts.getByRole('button', { name: 'Fermer' }).all())
    await close.click({ timeout: 2_000 }).catch(() => undefined);
  await expect.poll(() => toasts.count(), { timeout: 15_000 }).toBe(0);
  await expectAccessible(page);
}

describe('coordination journal (issue 20)', () => {
  it('the care staff writes a targeted transmission to acknowledge; the nurse sees it live and acknowledges it; the coordinator sees who has read it; the PDF holds it', async () => {
    // A word of its own, so that the test finds its entry whatever the shared demo database already holds.
    const mark = `T${Date.now().toString(36)}`;
    const cible = `Chute ${mark}`;

    const nurse = await signedIn(NURSE);
    const id = await personId(nurse.context, 'Faure');
    const journalUrl = `/people/${id}?tab=journal`;

    // The nurse has Marcel Faure's journal open before the transmission is written.
    await nurse.page.goto(journalUrl);
    await nurse.page.getByRole('heading', { name: 'Chronologie', level: 2 }).waitFor();
    await nurse.page
      .getByRole('status')
      .filter({ hasText: /^Entrées affichées : \d+$/ })
      .waitFor();

    // The care staff writes it on a 768 px tablet, with the keyboard only.
    const staff = await signedIn(CARE_STAFF, 768);
    await staff.page.goto(journalUrl);
    const box = staff.page.getByRole('region', { name: 'Nouvelle entrée' });
    await box.waitFor();
    // The defaults: a transmission, in health (a care assistant's observations are health information), now.
    await expect.poll(() => box.getByRole('combobox', { name: /^Type d’entrée/ }).inputValue()).toBe('Transmission');
    await expect.poll(() => box.getByRole('combobox', { name: /^Catégorie d’information/ }).inputValue()).toBe('Santé');
    expect(await box.getByLabel(/^Date et heure du fait/).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

    await box.getByRole('checkbox', { name: /^Transmission ciblée/ }).focus();
    await staff.page.keyboard.press('Space');
    await box.getByRole('textbox', { name: /^Cible/ }).focus();
    await staff.page.keyboard.type(cible);
    await staff.page.keyboard.press('Tab');
    await staff.page.keyboard.type('Retrouvé assis au pied du lit à 7 h, conscient, douleur à la hanche droite 4/10.');
    await staff.page.keyboard.press('Tab');
    await staff.page.keyboard.type('Relevé à deux, installé au fauteuil, glace sur la hanche.');
    await staff.page.keyboard.press('Tab');
    await staff.page.keyboard.type('Douleur 2/10 à 8 h, marche avec le déambulateur.');
    await box.getByRole('checkbox', { name: 'Urgent' }).focus();
    await staff.page.keyboard.press('Space');
    await box.getByRole('checkbox', { name: /^À prendre en compte/ }).focus();
    await staff.page.keyboard.press('Space');
    const recipients = box.getByRole('combobox', { name: /^Destinataires/ });
    await recipients.focus();
    for (const name of ['Julien', 'Camille']) {
      await staff.page.keyboard.type(name);
      await staff.page.getByRole('option', { name: new RegExp(`^${name}`) }).waitFor();
      await staff.page.keyboard.press('ArrowDown');
      await staff.page.keyboard.press('Enter');
    }
    await accessible(staff.page);
    await staff.page.keyboard.press('Control+Enter');
    await staff.page.getByRole('status').filter({ hasText: 'Entrée enregistrée dans le journal.' }).waitFor();

    // Shown as such: urgent, cible + D/A/R, author with profession, Paris time, the recipients.
    const written = staff.page.getByRole('article', { name: `Transmission — ${cible}` });
    await written.waitFor();
    await written.getByText('Retrouvé assis au pied du lit').waitFor();
    expect(await written.innerText()).toContain('Karim Haddad, Aide-soignant·e');
    expect(await written.innerText()).toContain('Urgent');
    expect(await written.innerText()).toContain('Prise de connaissance : 0 sur 2.');
    expect(await written.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T|transmission|health/);
    // No page that scrolls sideways on the tablet.
    expect(await staff.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await accessible(staff.page);

    // The nurse's page shows it without a reload, and says so to a screen reader.
    const seen = nurse.page.getByRole('article', { name: `Transmission — ${cible}` });
    await seen.waitFor();
    await nurse.page
      .getByTestId('journal-live')
      .filter({ hasText: 'Nouvelle entrée au journal : Transmission de Karim Haddad, Aide-soignant·e.' })
      .waitFor();
    await seen.getByText('Vous devez en prendre connaissance.').waitFor();
    await accessible(nurse.page);
    await seen.getByRole('button', { name: 'J’en ai pris connaissance' }).click();
    await seen.getByText('Vous en avez pris connaissance.').waitFor();
    expect(await seen.getByRole('button', { name: 'J’en ai pris connaissance' }).count()).toBe(0);

    // The coordinator's handover: Marcel Faure's urgent transmission, read by the nurse, not yet by her.
    const coordinator = await signedIn(COORDINATOR);
    await coordinator.page.goto('/');
    await coordinator.page.getByRole('link', { name: /^Passation/ }).click();
    await coordinator.page.getByRole('heading', { name: 'Depuis mon dernier passage', level: 1 }).waitFor();
    const flagged = coordinator.page.getByRole('article', { name: `Transmission — ${cible}` });
    await flagged.waitFor();
    await flagged
      .getByRole('list', { name: 'Ont pris connaissance' })
      .getByText(/^Julien Moreau, le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/)
      .waitFor();
    await flagged.getByRole('list', { name: 'N’ont pas encore pris connaissance' }).getByText('Camille Lefèvre').waitFor();
    await flagged.getByText('Prise de connaissance : 1 sur 2. Vous devez en prendre connaissance.').waitFor();
    await accessible(coordinator.page);

    // The PDF of the journal holds it (a fresh authentication is asked first).
    await coordinator.page.goto(journalUrl);
    await coordinator.page.getByRole('button', { name: 'PDF du journal' }).click();
    const dialog = coordinator.page.getByRole('dialog', { name: 'Imprimer le journal d’une période' });
    await dialog.getByRole('button', { name: 'Télécharger le PDF' }).click();
    const stepUp = coordinator.page.getByRole('dialog', { name: 'Confirmez votre identité' });
    await stepUp.getByLabel(/^Mot de passe/).fill(PASSWORD);
    const download = coordinator.page.waitForEvent('download');
    await stepUp.getByRole('button', { name: 'Confirmer' }).click();
    const file = await download;
    const text = (await pdfText(await readFile((await file.path())!))).replace(/\s+/g, ' ');
    expect(text).toContain('Journal de coordination');
    expect(text).toContain(`Cible : ${cible}`);
    expect(text).toContain('Données : Retrouvé assis au pied du lit à 7 h, conscient, douleur à la hanche droite 4/10.');
    expect(text).toContain('Résultats : Douleur 2/10 à 8 h, marche avec le déambulateur.');
    expect(text).toContain('Karim Haddad');

    for (const { context } of [nurse, staff, coordinator]) await context.close();
    // Three browsers and five accessibility checks: longer than the default on a busy machine.
  }, 540_000);
});
