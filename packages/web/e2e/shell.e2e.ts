import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('the application shell', () => {
  it('opens in French, switches to English, and remembers it', async () => {
    const { context, page } = await newPage(browser, { width: 1280, fixed: true });
    // Sign in through the API (the login page has its own workflow test).
    const res = await context.request.post('/api/v1/auth/login', {
      headers: { 'x-requested-with': 'maillon' },
      data: { email: 'coordination@demo.maillon.fr', password: 'Parcours-Demo-2026' },
    });
    expect(res.status()).toBe(200);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Bienvenue dans Maillon' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByText('DAC Drôme-Ardèche Nord').first().waitFor();
    // Every module of the installation, under the name people use for it.
    const modules = page.getByRole('region', { name: 'Modules actifs' }).getByRole('listitem');
    await modules.filter({ hasText: 'Projets personnalisés' }).waitFor();
    expect(await modules.allInnerTexts()).toEqual([
      'Comptes et organisation',
      'Journal d’audit',
      'Dossier de la personne',
      'Équipes de soins et accès',
      'Notifications',
      'Évaluations',
      'Documents',
      'Admissions',
      'Projets personnalisés',
      'Journal de coordination',
    ]);
    await expectAccessible(page);

    // Signed in, the language is chosen in the user menu.
    await page.getByRole('button', { name: /Menu de Camille Lefèvre/ }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Welcome to Maillon' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.reload();
    await page.getByRole('heading', { name: 'Welcome to Maillon' }).waitFor();
    // Only the language choice is kept in the browser.
    const keys = await page.evaluate(() => Object.keys(localStorage));
    expect(keys).toEqual(['maillon.lang']);
    await context.close();
  });

  it('works on a 768 px tablet with the navigation behind a menu button, and shows a French not-found page', async () => {
    const { context, page } = await newPage(browser, { width: 768, height: 1024, fixed: true });
    await context.request.post('/api/v1/auth/login', {
      headers: { 'x-requested-with': 'maillon' },
      data: { email: 'coordination@demo.maillon.fr', password: 'Parcours-Demo-2026' },
    });
    await page.goto('/une-page-qui-n-existe-pas');
    await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
    await expectAccessible(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(768);
    await context.close();
  });

  it('at 768 × 1024 folds the navigation behind the burger and shows the inbox and the people tables without a page that scrolls sideways', async () => {
    const { context, page } = await newPage(browser, { width: 768, height: 1024, fixed: true });
    await context.request.post('/api/v1/auth/login', {
      headers: { 'x-requested-with': 'maillon' },
      data: { email: 'coordination@demo.maillon.fr', password: 'Parcours-Demo-2026' },
    });
    const navigation = page.locator('#app-navigation');
    const navRight = () => navigation.evaluate((el) => el.getBoundingClientRect().right);
    const pageFits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    /** The header cell is on screen (not hidden behind the navigation or past the right edge). */
    const onScreen = (name: string) =>
      page.getByRole('columnheader', { name, exact: true }).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.left >= 0 && r.right <= window.innerWidth;
      });

    await page.goto('/admissions');
    const inbox = page.getByRole('table', { name: 'Demandes d’admission' });
    await inbox.getByRole('row').nth(1).waitFor();
    // The navigation is folded away: off screen, and the burger opens it.
    expect(await navRight()).toBeLessThanOrEqual(0);
    expect(await onScreen('Personne')).toBe(true);
    expect(await onScreen('Statut')).toBe(true);
    expect(await pageFits()).toBe(true);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Ouvrir la navigation' }).click();
    await expect.poll(navRight).toBeGreaterThan(0);
    await navigation.getByRole('link', { name: 'Personnes' }).click();
    await page.getByRole('table', { name: 'Personnes de la file active' }).getByRole('row').nth(1).waitFor();
    await expect.poll(navRight).toBeLessThanOrEqual(0);
    expect(await onScreen('Nom et prénoms')).toBe(true);
    expect(await onScreen('Statut')).toBe(true);
    expect(await pageFits()).toBe(true);
    await expectAccessible(page);
    await context.close();
  });
});
