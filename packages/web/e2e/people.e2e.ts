import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage } from './browser.ts';

const PASSWORD = 'Parcours-Demo-2026';
const COORDINATOR = 'coordination@demo.maillon.fr';
const NURSE = 'infirmier@demo.maillon.fr';
const DPO = 'dpo@demo.maillon.fr';

/** The demo has "Lefèvre André Jean", born 1936-12-01, in Tain-l'Hermitage; this one lives in Crest. */
const PERSON = { birthName: 'Lefèvre', firstNames: 'André Jean', birthDate: '1936-12-01', commune: 'Crest', name: 'LEFÈVRE André Jean' };

/** A one-page PDF: the server recognises documents by their content, not their name. */
function tinyPdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 20 50 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Signs in through the API (the sign-in page has its own workflow test). */
async function signedIn(browser: Browser, email: string, width?: number): Promise<{ context: BrowserContext; page: Page }> {
  // A width asked for is a check of that layout; otherwise the run's viewport (E2E_VIEWPORT).
  const session = await newPage(
    browser,
    width === undefined ? { width: 1280, height: 900 } : { width, height: width < 1000 ? 1024 : 900, fixed: true },
  );
  const res = await session.context.request.post('/api/v1/auth/login', {
    headers: { 'x-requested-with': 'maillon' },
    data: { email, password: PASSWORD },
  });
  expect(res.status()).toBe(200);
  return session;
}

/** Chooses an option of a Mantine Select by its accessible name. */
async function choose(scope: Page | Locator, page: Page, label: string | RegExp, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('the person’s record', () => {
  it('a coordinator creates a record past the duplicate check and fills it; a nurse opens it in an emergency; the DPO reviews it', async () => {
    // --- the coordinator's caseload ---------------------------------------------------------------------------------
    const coordinator = await signedIn(browser, COORDINATOR);
    const page = coordinator.page;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Personnes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await page.getByRole('radiogroup', { name: 'Périmètre' }).getByText('Tout ce que je peux voir').click();
    await page.getByRole('link', { name: PERSON.name }).first().waitFor();
    await expectAccessible(page);

    // --- a new person: the duplicate check proposes the demo's Lefèvre, she goes on ------------------------------------
    await page.getByRole('link', { name: 'Nouvelle personne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle personne' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('textbox', { name: 'Nom de naissance' }).fill(PERSON.birthName);
    await page.getByRole('textbox', { name: 'Prénoms' }).fill(PERSON.firstNames);
    await choose(page, page, 'Sexe', 'Homme');
    await page.getByLabel('Date de naissance').fill(PERSON.birthDate);
    const duplicates = page.getByRole('region', { name: 'Doublons possibles' });
    await duplicates.getByRole('article').filter({ hasText: PERSON.name }).first().waitFor();
    expect(await duplicates.textContent()).toContain('Même date de naissance');
    await expectAccessible(page);
    await page.getByRole('textbox', { name: 'Adresse', exact: true }).fill('2 rue de la Tour');
    await page.getByRole('textbox', { name: 'Code postal' }).fill('26400');
    await page.getByRole('textbox', { name: 'Commune', exact: true }).fill(PERSON.commune);
    await page.getByRole('textbox', { name: 'Code INSEE de la commune' }).fill('26108');
    // Creating before saying what the candidates are is refused.
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await page.getByRole('alert').filter({ hasText: 'Pour chaque doublon possible' }).waitFor();
    for (const other of await duplicates.getByRole('button', { name: /^Il s’agit d’une autre personne/ }).all()) await other.click();
    await page.getByText('Doublons possibles examinés').waitFor();
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await page.getByRole('heading', { level: 1, name: PERSON.name }).waitFor();
    const recordUrl = new URL(page.url());
    expect(recordUrl.pathname).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    // Names never travel in URLs.
    expect(decodeURIComponent(recordUrl.href).toLowerCase()).not.toContain('lef');
    await page.getByRole('tab', { name: 'Synthèse', selected: true }).waitFor();
    await expectAccessible(page);

    // --- a relative who is the trusted person ---------------------------------------------------------------------------
    await openTab(page, 'Proches');
    await page.getByRole('button', { name: 'Ajouter un proche' }).click();
    const relativeDialog = page.getByRole('dialog', { name: 'Ajouter un proche' });
    await relativeDialog.getByRole('textbox', { name: 'Nom', exact: true }).fill('Lefèvre');
    await relativeDialog.getByRole('textbox', { name: 'Prénom' }).fill('Claire');
    await choose(relativeDialog, page, 'Lien avec la personne', 'Enfant');
    await relativeDialog.getByRole('textbox', { name: 'Téléphone' }).fill('06 12 34 56 78');
    await relativeDialog.getByRole('checkbox', { name: 'Personne de confiance' }).check();
    await relativeDialog.getByRole('button', { name: 'Enregistrer' }).click();
    await relativeDialog.waitFor({ state: 'hidden' });
    const relative = page.getByRole('listitem').filter({ hasText: 'Claire LEFÈVRE' });
    await relative.getByText('Personne de confiance').waitFor();

    // --- documents until the checklist is complete ----------------------------------------------------------------------
    await openTab(page, 'Documents');
    const checklist = page.getByRole('region', { name: 'Pièces obligatoires' });
    await checklist.getByRole('listitem').first().waitFor();
    for (let n = 0; n < 6; n += 1) {
      const add = checklist.getByRole('button', { name: /^Ajouter : / });
      if ((await add.count()) === 0) break;
      const type = (await add.first().getAttribute('aria-label'))!.replace('Ajouter : ', '');
      await add.first().click();
      const uploadDialog = page.getByRole('dialog', { name: 'Ajouter un document' });
      await uploadDialog.locator('input[type="file"]').setInputFiles({
        name: `piece-${n}.pdf`,
        mimeType: 'application/pdf',
        buffer: tinyPdf(type),
      });
      await uploadDialog.getByRole('button', { name: 'Ajouter le document' }).click();
      await uploadDialog.waitFor({ state: 'hidden' });
      await checklist.getByRole('listitem').filter({ hasText: type }).getByText('Présente').waitFor();
    }
    await checklist.getByText('Toutes les pièces obligatoires sont présentes.').waitFor();
    await page.getByRole('table', { name: 'Documents du dossier' }).getByRole('row').nth(3).waitFor();

    // --- the care team: the social worker joins -----------------------------------------------------------------------
    await openTab(page, 'Équipe');
    await page.getByRole('row').filter({ hasText: 'Camille Lefèvre' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter à l’équipe' }).click();
    const teamDialog = page.getByRole('dialog', { name: 'Ajouter un membre à l’équipe' });
    await teamDialog.getByRole('combobox', { name: 'Membre de l’organisation' }).fill('Sophie');
    await page.getByRole('option', { name: /^Sophie Caron/ }).click();
    await choose(teamDialog, page, 'Fonction dans l’équipe', 'Travailleur·se social·e');
    await teamDialog.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await teamDialog.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: 'Sophie Caron' }).getByText('Actif').waitFor();

    // --- a consent with every element -----------------------------------------------------------------------------------
    await openTab(page, 'Consentements');
    await page.getByRole('button', { name: 'Enregistrer une décision' }).click();
    const consentDialog = page.getByRole('dialog', { name: 'Enregistrer l’information et la décision de la personne' });
    await consentDialog.getByRole('radio', { name: 'Consentement' }).check();
    await consentDialog.getByRole('radio', { name: 'Écrit' }).check();
    for (const category of ['Administratives', 'Sociales', 'Santé'])
      await consentDialog.getByRole('checkbox', { name: category, exact: true }).check();
    for (const category of ['Professionnels de santé', 'Professionnels du social'])
      await consentDialog.getByRole('checkbox', { name: category, exact: true }).check();
    for (const mean of ['Dossier partagé (Maillon)', 'Messagerie sécurisée de santé'])
      await consentDialog.getByRole('checkbox', { name: mean, exact: true }).check();
    await consentDialog.getByRole('checkbox', { name: 'Mesures de sécurité expliquées' }).check();
    await consentDialog.getByRole('checkbox', { name: 'Copie remise à la personne' }).check();
    await consentDialog.getByRole('radio', { name: 'La personne elle-même' }).check();
    await consentDialog.getByRole('button', { name: 'Enregistrer le consentement' }).click();
    await consentDialog.waitFor({ state: 'hidden' });
    const consent = page.getByRole('listitem').filter({ hasText: 'Consentement du' });
    await consent.getByText('En vigueur').waitFor();
    expect(await consent.textContent()).toContain('Messagerie sécurisée de santé');
    await expectAccessible(page);

    // --- the nurse, in another service: "not found", then emergency access -----------------------------------------------
    const nurse = await signedIn(browser, NURSE);
    await nurse.page.goto(recordUrl.pathname);
    await nurse.page.getByRole('heading', { level: 1, name: 'Dossier introuvable' }).waitFor();
    await nurse.page.getByRole('link', { name: 'Accès d’urgence' }).first().click();
    await nurse.page.getByRole('heading', { level: 1, name: 'Accès d’urgence' }).waitFor();
    await nurse.page.getByRole('textbox', { name: 'Nom de naissance' }).fill(PERSON.birthName);
    await nurse.page.getByRole('textbox', { name: 'Prénoms' }).fill(PERSON.firstNames);
    await nurse.page.getByLabel('Date de naissance exacte').fill(PERSON.birthDate);
    await nurse.page.getByRole('button', { name: 'Rechercher' }).click();
    const match = nurse.page.getByRole('listitem').filter({ hasText: PERSON.commune });
    await match.waitFor();
    await expectAccessible(nurse.page);
    await match.getByRole('button', { name: /^Ouvrir en urgence/ }).click();
    const emergencyDialog = nurse.page.getByRole('dialog', { name: 'Ouvrir le dossier en urgence' });
    await choose(emergencyDialog, nurse.page, 'Motif', 'Urgence médicale');
    await emergencyDialog
      .getByRole('textbox', { name: 'Explication' })
      .fill('Chute à domicile, le SAMU demande ses antécédents et traitements.');
    // The e2e server allows one second between authentication and a sensitive action: the step-up is real.
    await emergencyDialog.getByRole('button', { name: 'Ouvrir en urgence' }).click();
    const stepUp = nurse.page.getByRole('dialog', { name: 'Confirmez votre identité' });
    await stepUp.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await stepUp.getByRole('button', { name: 'Confirmer' }).click();
    await nurse.page.getByRole('heading', { level: 1, name: PERSON.name }).waitFor();
    expect(new URL(nurse.page.url()).pathname).toBe(recordUrl.pathname);
    await nurse.page.getByText(/^Accès d’urgence en lecture seule jusqu’à \d{2}:\d{2}/).waitFor();
    // Read-only: nothing to change.
    await openTab(nurse.page, 'Identité et situation');
    await nurse.page.getByText('Un accès d’urgence est en lecture seule').waitFor();
    await openTab(nurse.page, 'Proches');
    await nurse.page.getByRole('listitem').filter({ hasText: 'Claire LEFÈVRE' }).waitFor();
    expect(await nurse.page.getByRole('button', { name: 'Ajouter un proche' }).count()).toBe(0);
    await nurse.context.close();

    // --- the coordinator's access report shows it ---------------------------------------------------------------------
    await openTab(page, 'Rapport des accès');
    const report = page.getByRole('table', { name: /^Qui a consulté ou modifié le dossier/ });
    const emergencyRow = report.getByRole('row').filter({ hasText: 'Ouverture d’un accès d’urgence' });
    await emergencyRow.waitFor();
    expect(await emergencyRow.textContent()).toContain('Julien Moreau');
    await report.getByRole('row').filter({ hasText: 'Julien Moreau' }).filter({ hasText: 'Consultation du dossier' }).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^rapport-acces-.*\.pdf$/);
    await expectAccessible(page);

    // --- the DPO reviews it ---------------------------------------------------------------------------------------------
    const dpo = await signedIn(browser, DPO);
    await dpo.page.goto('/');
    await dpo.page.getByRole('button', { name: /^Notifications \(\d+ non lues?\)/ }).click();
    await dpo.page
      .getByRole('menuitem', { name: /Accès d’urgence à un dossier/ })
      .first()
      .click();
    await dpo.page.getByRole('heading', { level: 1, name: 'Revue des accès d’urgence' }).waitFor();
    const pending = dpo.page.getByRole('row').filter({ hasText: 'Julien Moreau' }).filter({ hasText: PERSON.name });
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Urgence médicale');
    await expectAccessible(dpo.page);
    await pending.getByRole('button', { name: 'Examiner l’accès de Julien Moreau' }).click();
    const reviewDialog = dpo.page.getByRole('dialog', { name: 'Examiner l’accès d’urgence de Julien Moreau' });
    await reviewDialog.getByRole('radio', { name: 'Justifié', exact: true }).check();
    await reviewDialog.getByRole('textbox', { name: 'Commentaire' }).fill('Appel du SAMU confirmé par le médecin régulateur.');
    await reviewDialog.getByRole('button', { name: 'Enregistrer la revue' }).click();
    await reviewDialog.waitFor({ state: 'hidden' });
    await dpo.page.getByRole('radiogroup', { name: 'Accès affichés' }).getByText('Tous').click();
    const reviewed = dpo.page.getByRole('row').filter({ hasText: 'Julien Moreau' }).filter({ hasText: 'Justifié' });
    await reviewed.waitFor();
    // The person's access report, through the DPO's own route.
    await reviewed.getByRole('link', { name: /^Rapport des accès/ }).click();
    await dpo.page.getByRole('heading', { level: 1, name: /^Rapport des accès/ }).waitFor();
    await dpo.page.getByRole('row').filter({ hasText: 'Accès d’urgence examiné par le DPO' }).waitFor();
    await dpo.context.close();

    // --- the record at 768 px ----------------------------------------------------------------------------------------------
    const tablet = await signedIn(browser, COORDINATOR, 768);
    await tablet.page.goto(`${recordUrl.pathname}?tab=team`);
    await tablet.page.getByRole('row').filter({ hasText: 'Sophie Caron' }).waitFor();
    expect(await tablet.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await expectAccessible(tablet.page);
    await tablet.context.close();
    await coordinator.context.close();
  });

  it('shows on the summary of Lucienne Morel her latest GIR, her risks, and her plan in force with its next review', async () => {
    const { context, page } = await signedIn(browser, COORDINATOR);
    await page.goto('/people');
    await page.getByRole('radiogroup', { name: 'Périmètre' }).getByText('Tout ce que je peux voir').click();
    await page
      .getByRole('link', { name: /^MOREL Lucienne/ })
      .first()
      .click();
    await page.getByRole('tab', { name: 'Synthèse', selected: true }).waitFor();
    const personId = new URL(page.url()).pathname.split('/')[2]!;

    // The demo's latest signed assessment of Mme Morel is GIR 2 with a high risk of falls; the
    // assessments flow, when it runs first, signs a newer one: the expected GIR comes from the API.
    type Listed = { id: string; status: string; gir: number | null; assessedOn: string; signedAt: string | null };
    const listed = await context.request.get(`/api/v1/people/${personId}/assessments?limit=200`);
    expect(listed.status()).toBe(200);
    const signed = ((await listed.json()) as { items: Listed[] }).items
      .filter((a) => a.status === 'signed')
      .sort((a, b) => b.assessedOn.localeCompare(a.assessedOn) || (b.signedAt ?? '').localeCompare(a.signedAt ?? ''));
    const withGir = signed.find((a) => a.gir !== null)!;
    const assessment = page.getByRole('region', { name: 'Dernière évaluation' });
    await assessment.getByText(`GIR ${withGir.gir}`, { exact: true }).waitFor();
    await assessment.getByText(/^évaluation signée du \d{2}\/\d{2}\/\d{4}$/).waitFor();
    const latest = (await (await context.request.get(`/api/v1/assessments/${signed[0]!.id}`)).json()) as {
      sections: Record<string, { risks?: { kind: string; level: string }[] } | null>;
    };
    const risks = Object.values(latest.sections).flatMap((section) => section?.risks ?? []);
    if (risks.some((r) => r.kind === 'falls' && r.level === 'high')) await assessment.getByText('Chutes — Élevé').waitFor();

    const plans = await context.request.get(`/api/v1/plans?personId=${personId}`);
    expect(plans.status()).toBe(200);
    const inForce = ((await plans.json()) as { items: { status: string; nextReviewOn: string | null }[] }).items.find(
      (p) => p.status === 'active',
    )!;
    const [y, m, d] = inForce.nextReviewOn!.split('-');
    const plan = page.getByRole('region', { name: 'Projet personnalisé' });
    await plan.getByText('En cours', { exact: true }).waitFor();
    await plan.getByText(`Prochaine révision : ${d}/${m}/${y}`).waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
