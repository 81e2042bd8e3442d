import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../server/test/pdf-text.ts';
import { expectAccessible, launch, newPage } from './browser.ts';

const PASSWORD = 'Parcours-Demo-2026';
const COORDINATOR = 'coordination@demo.maillon.fr';
const DIRECTOR = 'direction@demo.maillon.fr';
const HEADERS = { 'x-requested-with': 'maillon' };

const CONDITIONS = {
  admission: 'Suivi par la coordinatrice de parcours, point mensuel avec la famille.',
  integration: 'Téléassistance et barres d’appui installées avant le retour à domicile.',
};

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function signIn(context: BrowserContext, email: string): Promise<void> {
  const res = await context.request.post('/api/v1/auth/login', { headers: HEADERS, data: { email, password: PASSWORD } });
  expect(res.status()).toBe(200);
}

/** Chooses an option of a Mantine Select (or MultiSelect) by the field's name. */
async function choose(page: Page, field: string | RegExp, option: string | RegExp): Promise<void> {
  await page
    .getByRole('textbox', { name: field })
    .or(page.getByRole('combobox', { name: field }))
    .first()
    .click();
  await page.getByRole('option', { name: option }).first().click();
}

const localDateTime = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

describe('admissions: from a hospital referral to an admission decided in committee', () => {
  let referralUrl = '';

  it('lets the coordinator receive a referral from a hospital, build the pre-admission file, record the home visit and present the case', async () => {
    const { context, page } = await newPage(browser);
    await signIn(context, COORDINATOR);
    await page.goto('/admissions');
    await page.getByRole('heading', { name: 'Demandes d’admission', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Demandes d’admission' }).waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Nouvelle demande' }).click();
    await page.getByRole('heading', { name: 'Nouvelle demande d’admission' }).waitFor();
    // Bad input gets a clear message on the field, and nothing is recorded.
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await page.getByText('Décrivez la demande en quelques mots (10 caractères au moins)').waitFor();
    await page.getByText('Choisissez au moins un service').waitFor();

    await page.getByRole('textbox', { name: 'Établissement ou structure' }).fill('CH de Valence — court séjour gériatrique');
    await page.getByRole('textbox', { name: 'Demandeur (nom)' }).fill('Claire Roux');
    await page.getByRole('textbox', { name: 'Fonction du demandeur' }).fill('Assistante sociale hospitalière');
    await page.getByRole('textbox', { name: 'Courriel du demandeur' }).fill('c.roux@ch-valence.example.fr');
    await page.getByRole('textbox', { name: 'Nom de naissance' }).fill('Delorme');
    await page.getByRole('textbox', { name: 'Prénoms' }).fill('Suzanne');
    await choose(page, 'Sexe', 'Femme');
    await page.getByLabel('Date de naissance').fill('1939-03-21');
    await page.getByRole('textbox', { name: 'Commune' }).fill('Valence');
    // A MultiSelect: its input sits among the chosen pills.
    await page.getByRole('combobox', { name: 'Services demandés' }).click();
    await page.getByRole('option', { name: 'Coordination de parcours complexes' }).click();
    await page.keyboard.press('Escape');
    await choose(page, 'Urgence', 'Prioritaire');
    await page
      .getByRole('textbox', { name: 'Motif de la demande' })
      .fill('Retour à domicile après une chute avec fracture du bassin ; vit seule, fils à Lyon ; refuse l’entrée en EHPAD.');
    await page
      .getByRole('textbox', { name: 'Informations médicales' })
      .fill('Fracture du bassin traitée orthopédiquement ; anticoagulants.');
    await page.getByRole('checkbox', { name: /La personne \(ou son représentant\) est informée/ }).check();
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();

    await page.getByRole('heading', { name: /Demande \d{4}-\d{4} — DELORME Suzanne/ }).waitFor();
    referralUrl = new URL(page.url()).pathname;
    expect(referralUrl).toMatch(/^\/admissions\/referrals\/[0-9a-f-]{36}$/);
    await expectAccessible(page);

    // The person is not known: the duplicate check finds no record; a new one is created and linked.
    await page.getByRole('button', { name: 'Rechercher dans les dossiers' }).click();
    await page.getByText('Aucun dossier proche : vous pouvez créer le dossier.').waitFor();
    await page.getByRole('button', { name: 'Créer un nouveau dossier' }).click();
    await page.getByText('Dossier lié', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Commencer l’étude' }).click();
    await page.getByText('En étude', { exact: true }).first().waitFor();

    // Pre-admission file: checklist items ticked, dated and attributed.
    // Each tick is saved at once (the box follows the server's answer).
    const agreement = page.getByRole('checkbox', { name: "Accord de la personne (ou de son représentant) pour la demande d'admission" });
    await agreement.click();
    await expect.poll(() => agreement.isChecked()).toBe(true);
    await page
      .getByText(/Par Camille Lefèvre le/)
      .first()
      .waitFor();
    const caregiver = page.getByRole('checkbox', { name: 'Aidant principal identifié et rencontré' });
    await caregiver.click();
    await expect.poll(() => caregiver.isChecked()).toBe(true);
    await page.getByText('2 sur 6').waitFor();
    // The way to the record's documents reads as a link beside the dimmed help text: underlined, not colour alone.
    const documentsLink = page.getByRole('link', { name: 'onglet Documents' });
    expect(await documentsLink.evaluate((a) => getComputedStyle(a).textDecorationLine)).toBe('underline');
    await expectAccessible(page);

    // The home visit: planned, then its structured report.
    await page.getByRole('button', { name: 'Planifier une visite' }).click();
    await page.getByLabel('Date et heure').fill(localDateTime(new Date(Date.now() - 3 * 3600_000)));
    // The professionals present are picked among the staff (no external partner offered), and told.
    await page.getByRole('combobox', { name: 'Professionnels présents' }).click();
    await page.getByRole('option', { name: /^Camille Lefèvre/ }).click();
    await page.getByRole('option', { name: /^Sophie Caron/ }).click();
    expect(await page.getByRole('option', { name: /^Marc Dubois/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Planifier', exact: true }).click();
    await page.getByText('Prévue', { exact: true }).waitFor();
    await page.getByText(/— Camille Lefèvre, Sophie Caron$/).waitFor();
    await page.getByRole('button', { name: 'Saisir le compte rendu' }).click();
    await page.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await page.getByRole('textbox', { name: 'Conditions de vie' }).and(page.locator('[aria-invalid="true"]')).waitFor();
    await page.getByRole('textbox', { name: 'Conditions de vie' }).fill('Maison de ville sur deux niveaux, chambre à l’étage ; vit seule.');
    await page.getByRole('textbox', { name: 'Environnement' }).fill('Centre de Valence, commerces à proximité, voisine présente.');
    await page.getByRole('textbox', { name: 'Besoins et souhaits exprimés' }).fill('Veut rentrer chez elle ; craint de tomber la nuit.');
    await page.getByRole('textbox', { name: 'Famille et aidants' }).fill('Fils à Lyon, vient un week-end sur deux.');
    // Leaving with a report typed asks first; staying keeps every word.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('link', { name: 'Retour aux demandes' }).first().click();
    await expect.poll(() => asked).toEqual(['Quitter sans enregistrer le compte rendu de visite ?']);
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Famille et aidants' }).inputValue())
      .toBe('Fils à Lyon, vient un week-end sur deux.');
    await page.getByRole('button', { name: 'Ajouter une adaptation' }).click();
    await page.getByRole('textbox', { name: 'Quoi' }).fill('Barres d’appui dans la douche et lit au rez-de-chaussée');
    await page.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await page.getByText('Réalisée', { exact: true }).waitFor();
    await page.getByText('Barres d’appui dans la douche et lit au rez-de-chaussée').first().waitFor();

    // Presented at the committee to come (seeded by the demo).
    await page.getByRole('button', { name: 'Présenter en commission' }).click();
    const dialog = page.getByRole('dialog', { name: 'Présenter le dossier en commission' });
    await dialog.getByRole('combobox', { name: 'Séance' }).click();
    await page.getByRole('option').first().click();
    await dialog
      .getByRole('textbox', { name: 'Présentation du dossier' })
      .fill('Dame de 87 ans, retour à domicile après fracture ; visite faite, domicile adaptable ; avis favorable de la coordination.');
    await dialog.getByRole('button', { name: 'Inscrire à l’ordre du jour' }).click();
    await page.getByText(/Inscrite à l’ordre du jour de la commission du/).waitFor();
    await page.getByText('Présentée en commission', { exact: true }).first().waitFor();
    await context.close();
  });

  it('lets the director admit with conditions in committee; the minutes PDF holds the decision; the person is in the caseload with a care team; the waiting list shows the next person', async () => {
    const { context, page } = await newPage(browser);
    await signIn(context, DIRECTOR);
    await page.goto(referralUrl);
    await page.getByRole('link', { name: 'Ouvrir la séance' }).click();
    await page.getByRole('heading', { name: /Commission du/, level: 1 }).waitFor();
    await expectAccessible(page);
    const kase = page.getByRole('article').filter({ hasText: 'DELORME Suzanne' });
    await kase.getByRole('button', { name: 'Rendre la décision' }).click();
    // A decision needs its reasons; the conditions are optional (issue 19, item 11), given here.
    await kase.getByRole('textbox', { name: 'Faits' }).fill('Chute avec fracture, vit seule, domicile adaptable selon la visite.');
    await kase
      .getByRole('textbox', { name: 'Besoins de la personne' })
      .fill('Coordination des soins, aide à domicile, prévention des chutes.');
    await kase.getByRole('textbox', { name: 'Conditions d’admission' }).fill(CONDITIONS.admission);
    await kase.getByRole('textbox', { name: 'Conditions d’intégration' }).fill(CONDITIONS.integration);
    await kase.getByRole('textbox', { name: 'Message au demandeur' }).fill('Accompagnement accepté à la sortie.');
    await kase.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await kase.getByText('Décidé', { exact: true }).waitFor();
    await kase.getByText(CONDITIONS.integration).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Télécharger le compte rendu (PDF)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^commission-\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = (await pdfText(await readFile((await file.path())!))).replace(/\s+/g, ' ');
    expect(text).toContain("Compte rendu de la commission d'admission");
    expect(text).toContain('DELORME Suzanne');
    expect(text).toContain('Admission prononcée, sous conditions');
    expect(text).toContain(CONDITIONS.admission);
    expect(text).toContain(CONDITIONS.integration);

    // Admission: date, at home, the referent coordinator joins the care team.
    await page.goto(referralUrl);
    await page.getByText('À préparer avant l’arrivée').waitFor();
    // Only those who may coordinate the service's people are offered (issue 19): not the DPO, the
    // partner, the administrator, HR or logistics.
    await page
      .getByRole('textbox', { name: 'Coordinateur référent' })
      .or(page.getByRole('combobox', { name: 'Coordinateur référent' }))
      .first()
      .click();
    await page.getByRole('option', { name: 'Philippe Garnier' }).waitFor();
    expect((await page.getByRole('option').allTextContents()).sort()).toEqual(['Camille Lefèvre', 'Nicolas Roche', 'Philippe Garnier']);
    await page.keyboard.press('Escape');
    await choose(page, 'Coordinateur référent', 'Camille Lefèvre');
    // Choosing the chosen option again keeps it: a required choice is never emptied by a click.
    await choose(page, 'Coordinateur référent', 'Camille Lefèvre');
    const referent = page
      .getByRole('textbox', { name: 'Coordinateur référent' })
      .or(page.getByRole('combobox', { name: 'Coordinateur référent' }));
    expect(await referent.first().inputValue()).toBe('Camille Lefèvre');
    await page.getByRole('textbox', { name: 'Précision (chambre, adresse…)' }).fill('14 rue Bouffier, Valence');
    await page.getByRole('button', { name: 'Prononcer l’admission' }).click();
    await page.getByText('Admise', { exact: true }).first().waitFor();
    await page.getByText('14 rue Bouffier, Valence', { exact: false }).first().waitFor();

    // The waiting list of the service shows who comes next.
    await page.goto('/admissions/waiting-list');
    await choose(page, 'Service', /Coordination de parcours complexes/);
    const table = page.getByRole('table', { name: 'Liste d’attente — Coordination de parcours complexes' });
    await table.waitFor();
    const first = table.getByRole('row').nth(1);
    await expect.poll(() => first.textContent()).toContain('COSTE Marguerite');
    expect(await first.textContent()).toMatch(/^1/);
    // The history of a place is not in the list: it is read when the place is opened.
    const expander = first.getByRole('button', { name: /^Historique \(1\) — COSTE Marguerite/ });
    expect(await expander.getAttribute('aria-expanded')).toBe('false');
    await expander.click();
    const history = table.getByRole('list', { name: 'Historique de la place de COSTE Marguerite' });
    await history.getByText(/Inscription : Les coordinatrices du secteur de Romans sont au complet/).waitFor();
    expect(await expander.getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page);
    await expander.click();
    await history.waitFor({ state: 'detached' });
    await context.close();
  });

  it('shows the person in the coordinator’s caseload, with her as referent in the care team', async () => {
    const { context, page } = await newPage(browser);
    await signIn(context, COORDINATOR);
    await page.goto('/people');
    const row = page.getByRole('row').filter({ hasText: 'DELORME Suzanne' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Suivi en cours');
    await row.getByRole('link', { name: 'DELORME Suzanne' }).click();
    await page.getByRole('tab', { name: 'Équipe' }).click();
    const team = page.getByRole('table', { name: /Membres de l’équipe/ });
    await team
      .getByRole('row')
      .filter({ hasText: 'Camille Lefèvre' })
      .filter({ hasText: /Référent/ })
      .waitFor();
    await context.close();
  });

  it('shows occupancy per service as a chart on a tablet, with the figures in a table', async () => {
    const { context, page } = await newPage(browser, { width: 768, height: 1024 });
    await signIn(context, DIRECTOR);
    await page.goto('/admissions/occupancy');
    await page.getByRole('img', { name: /Graphique : places occupées/ }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'SSIAD Valence Nord' });
    await row.getByText('Complet').waitFor();
    await expectAccessible(page);
    await context.close();
  });

  it('shows the referrer of another organisation only where their request stands, and the other pages pass the accessibility checks', async () => {
    const { context, page } = await newPage(browser);
    await signIn(context, 'partenaire@demo.maillon.fr');
    await page.goto('/admissions/sent');
    const row = page.getByRole('row').filter({ hasText: 'MOULIN Josette' });
    await row.getByText('Reçue', { exact: true }).waitFor();
    const html = await page.content();
    for (const secret of ['MMS 22/30', 'fracture du poignet']) expect(html).not.toContain(secret);
    await expectAccessible(page);
    // The staff pages are not theirs.
    await page.goto('/admissions');
    await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
    await context.close();

    const director = await newPage(browser);
    await signIn(director.context, DIRECTOR);
    await director.page.goto('/admissions/committees');
    await director.page.getByRole('heading', { name: 'Séances passées' }).waitFor();
    await expectAccessible(director.page);
    await director.page.goto('/admin/admissions');
    await director.page.getByRole('combobox', { name: 'Mode de décision pour SSIAD Valence Nord' }).waitFor();
    expect(await director.page.getByRole('combobox', { name: 'Mode de décision pour SSIAD Valence Nord' }).inputValue()).toBe(
      'Le coordinateur décide seul',
    );
    await expectAccessible(director.page);
    // A request that does not exist: the server's refusal in French, never its English detail (issue 19, item 16).
    await director.page.goto('/admissions/referrals/01900000-0000-7000-8000-000000000000');
    await director.page.getByText('Cet élément n’existe pas ou ne vous est pas accessible.').waitFor();
    expect(await director.page.locator('main').innerText()).not.toMatch(/does not exist|not visible to you/);
    await director.context.close();
  });
});
