import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../server/test/pdf-text.ts';
import { expectAccessible, launch, newPage } from './browser.ts';

const PASSWORD = 'Parcours-Demo-2026';
const DPO = 'dpo@demo.maillon.fr';
const HEADERS = { 'x-requested-with': 'maillon' };

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('right of access: the DPO finds a person and hands over the access report (issue 19 item 6)', () => {
  it('lets the DPO search Lucienne Morel by name and birth date, open her access report and download it as a PDF', async () => {
    const { context, page } = await newPage(browser);
    const res = await context.request.post('/api/v1/auth/login', { headers: HEADERS, data: { email: DPO, password: PASSWORD } });
    expect(res.status()).toBe(200);
    await page.goto('/');
    await page.getByRole('link', { name: 'Droit d’accès' }).click();
    await page.getByRole('heading', { name: 'Droit d’accès', level: 1 }).waitFor();
    await expectAccessible(page);

    // The birth date is required: a clear message on the field, no search.
    await page.getByRole('textbox', { name: 'Nom et prénom' }).fill('Lucienne Morel');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Indiquez une date de naissance passée.').waitFor();

    await page.getByLabel('Date de naissance').fill('1934-02-03');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    const card = page.getByRole('listitem').filter({ hasText: 'Lucienne' }).filter({ hasText: 'Né·e le 03/02/1934' });
    await card.waitFor();
    await page.getByText(/^\d+ personnes? trouvées?$/).waitFor();
    await expectAccessible(page);
    // The report is read once per visit: one request, one "consultation" entry in the audit log.
    const reads: string[] = [];
    page.on('request', (r) => {
      if (/\/access\/dpo\/people\/[^/]+\/access-report$/.test(new URL(r.url()).pathname)) reads.push(r.url());
    });
    await card.getByRole('link', { name: /Voir le rapport des accès/ }).click();

    await page.getByRole('heading', { name: /Rapport des accès : .*Lucienne/, level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Accès au dossier' }).or(page.getByRole('table')).first();
    await table.waitFor();
    // Words, never codes: the DPO's own search is in the report, in French.
    await table.getByText('Recherche d’une personne par le délégué à la protection des données').first().waitFor();
    expect(await table.innerText()).not.toMatch(/person\.|break_glass|legal_protection/);
    await expectAccessible(page);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Télécharger le PDF' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^rapport-acces-\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = (await pdfText(await readFile((await file.path())!))).replace(/\s+/g, ' ');
    expect(text).toContain('Qui a consulté votre dossier ?');
    expect(text).toContain('MOREL Lucienne (naissance : CHABERT), né(e) le 3 février 1934');
    expect(text).toContain('Recherche d’une personne par le délégué à la protection des données');
    expect(text).toContain('Anne Rousseau protection des données');
    expect(text).toContain('soins et accompagnement');
    expect(text).not.toMatch(/\b(person|plan|assessment|legal_protection)\b/);
    expect(reads).toHaveLength(1);
    await context.close();
  });
});
