import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage } from './browser.ts';

const COORDINATOR = { email: 'coordination@demo.maillon.fr', password: 'Parcours-Demo-2026' };
const HEADERS = { 'x-requested-with': 'maillon' };
// Typed during the visit: none of it may be readable in the browser's storage.
const TYPED = {
  health: 'Diabète de type 2, chute dans la salle de bains en janvier',
  wishes: 'Rester chez moi le plus longtemps possible',
  finances: 'Dettes de loyer depuis trois mois',
};
const OFFLINE_BANNER = 'Hors connexion : votre saisie est conservée de façon chiffrée sur cet appareil et sera envoyée au retour du réseau';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function signIn(context: BrowserContext): Promise<void> {
  const res = await context.request.post('/api/v1/auth/login', { headers: HEADERS, data: COORDINATOR });
  expect(res.status()).toBe(200);
}

async function personId(context: BrowserContext, birthName: string): Promise<string> {
  const res = await context.request.post('/api/v1/people/search', { headers: HEADERS, data: { scope: 'all', sort: 'name', limit: 200 } });
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as { items: { id: string; birthName: string }[] };
  const person = items.find((p) => p.birthName === birthName);
  expect(person).toBeDefined();
  return person!.id;
}

async function assessmentIds(context: BrowserContext, id: string): Promise<string[]> {
  const res = await context.request.get(`/api/v1/people/${id}/assessments?limit=200`, { headers: HEADERS });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((a) => a.id);
}

/** Chooses an option of a Mantine Select by the field's name. */
async function choose(page: Page, field: string | RegExp, option: string, scope: Page | Locator = page): Promise<void> {
  await scope.getByRole('combobox', { name: field }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Codes one row of the AGGIR grid (a radio group named after the variable). */
async function code(page: Page, row: string, value: 'A' | 'B' | 'C' | 'Adverbes'): Promise<void> {
  await page.getByRole('radiogroup', { name: row, exact: true }).getByText(value, { exact: true }).click();
}

function domain(page: Page, name: string): Locator {
  return page.getByRole('region', { name: new RegExp(`^${name}`) });
}

async function openDomain(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  const region = domain(page, name);
  await region.waitFor();
  return region;
}

/** What the page's origin holds in browser storage: Web Storage, and every IndexedDB value described by its type. */
async function browserStorage(page: Page) {
  return page.evaluate(async () => {
    const describe = (value: unknown): unknown => {
      if (value instanceof CryptoKey) return { cryptoKey: true, extractable: value.extractable, usages: value.usages };
      if (value instanceof ArrayBuffer) return { arrayBuffer: value.byteLength, text: new TextDecoder().decode(value) };
      if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]));
      return value;
    };
    const indexed: Record<string, Record<string, unknown[]>> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error('open failed'));
      });
      const stores: Record<string, unknown[]> = {};
      indexed[info.name] = stores;
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(new Error('read failed'));
        });
        stores[store] = values.map(describe);
      }
      db.close();
    }
    const web = (s: Storage) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
    return { local: web(localStorage), session: web(sessionStorage), indexed };
  });
}

describe('assessments', () => {
  it('a coordinator assesses a person at home, loses the network midway, and the assessment arrives once, then she signs it', async () => {
    const { context, page } = await newPage(browser, { width: 1024, height: 768 });
    await signIn(context);
    const id = await personId(context, 'Chabert');
    const before = await assessmentIds(context, id);

    // The person's assessments: history, chart, and the way to start one.
    await page.goto(`/people/${id}/assessments`);
    await page.getByRole('heading', { level: 1, name: /^Évaluations — MOREL Lucienne/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Évolution' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Nouvelle évaluation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle évaluation' }).waitFor();

    // Header.
    await choose(page, /^Motif/, 'Admission');
    await choose(page, /^Lieu/, 'À domicile');
    await page.getByLabel('Personnes présentes').fill('Mme Morel et sa fille Sylvie');

    // Domains: health observations; autonomy with a need, the person's own words, a risk and an urgency.
    const health = await openDomain(page, 'Santé');
    await health.getByLabel('Observations').fill(TYPED.health);
    const autonomy = await openDomain(page, 'Autonomie et vie quotidienne');
    await choose(page, 'Ajouter un besoin', 'Aide à la toilette', autonomy);
    await choose(page, 'Priorité — Aide à la toilette', 'Élevée', autonomy);
    await autonomy.getByLabel('Souhaits, dans ses mots').fill(TYPED.wishes);
    await choose(page, 'Exprimé par', 'La personne elle-même', autonomy);
    await choose(page, 'Ajouter un risque', 'Chutes', autonomy);
    await choose(page, 'Urgence du domaine', 'Prioritaire', autonomy);
    await expectAccessible(page);

    // The AGGIR grid: the GIR is computed as it is filled; until then the screen names what is missing.
    await page.getByRole('button', { name: 'Remplir la grille AGGIR' }).click();
    await page.getByText('GIR non calculé : aucune variable n’est encore codée.').waitFor();
    await code(page, 'Cohérence — Communication', 'A');
    await code(page, 'Cohérence — Comportement', 'Adverbes');
    const adverbs = page.getByRole('group', { name: 'Cohérence — Comportement : ce que la personne fait ainsi' });
    for (const adverb of ['Spontanément', 'Habituellement', 'Correctement']) await adverbs.getByLabel(adverb).check();
    await adverbs.getByText('Code : B').waitFor();
    await code(page, 'Orientation — Dans le temps', 'B');
    await code(page, "Orientation — Dans l'espace", 'A');

    // The network drops in the middle of the visit: entry goes on, kept encrypted on the device.
    await context.setOffline(true);
    await page.getByText(OFFLINE_BANNER).waitFor();
    await code(page, 'Toilette — Haut', 'B');
    await code(page, 'Toilette — Bas', 'C');
    await code(page, 'Habillage — Haut', 'B');
    await code(page, 'Habillage — Moyen', 'B');
    await code(page, 'Habillage — Bas', 'C');
    await code(page, 'Alimentation — Se servir', 'B');
    await code(page, 'Alimentation — Manger', 'A');
    await code(page, 'Élimination — Urinaire', 'B');
    await code(page, 'Élimination — Fécale', 'A');
    await code(page, 'Transferts', 'B');
    await code(page, "Déplacements à l'intérieur", 'B');
    await code(page, "Déplacements à l'extérieur", 'C');
    // One variable left: the screen names it.
    await page.getByText('GIR non calculé : il manque Alerter (communication à distance).').waitFor();
    await code(page, 'Alerter (communication à distance)', 'B');
    await page.getByText('GIR 4 (rang 10)').waitFor();
    const finances = await openDomain(page, 'Ressources et budget');
    await finances.getByLabel('Observations').fill(TYPED.finances);
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Envoi en attente', { exact: true }).first().waitFor();
    await page.getByText(/^Saisie conservée, chiffrée, sur cet appareil à/).waitFor();

    // Nothing readable in the browser: Web Storage holds no typed text; IndexedDB holds a non-extractable key and ciphertext.
    const offline = await browserStorage(page);
    const flat = JSON.stringify(offline);
    for (const text of [...Object.values(TYPED), 'Sylvie', 'aide_toilette']) expect(flat).not.toContain(text);
    expect(Object.keys(offline.local).filter((k) => k !== 'maillon.lang')).toEqual([]);
    expect(offline.session).toEqual({});
    const secure = offline.indexed['maillon-secure'];
    expect(secure?.keys).toEqual([{ cryptoKey: true, extractable: false, usages: expect.arrayContaining(['encrypt', 'decrypt']) }]);
    expect(secure?.records?.length).toBeGreaterThanOrEqual(1);
    for (const record of secure!.records!) {
      expect(record).toEqual({
        iv: { arrayBuffer: 12, text: expect.any(String) },
        data: { arrayBuffer: expect.any(Number), text: expect.any(String) },
      });
    }
    expect(await assessmentIds(context, id)).toEqual(before);

    // The network returns: the queued assessment is sent, once, and the draft opens with its GIR.
    await context.setOffline(false);
    await page.getByRole('heading', { level: 1, name: /^Brouillon du/ }).waitFor();
    await page.getByText('GIR 4 (rang 10)').waitFor();
    const after = await assessmentIds(context, id);
    expect(after.length).toBe(before.length + 1);
    const created = after.find((x) => !before.includes(x))!;
    expect(new URL(page.url()).pathname).toBe(`/assessments/${created}`);
    const stored = (await (await context.request.get(`/api/v1/assessments/${created}`, { headers: HEADERS })).json()) as {
      gir: number;
      sections: Record<string, { observations: string | null; wishes: string | null } | null>;
    };
    expect(stored.gir).toBe(4);
    expect(stored.sections.health?.observations).toBe(TYPED.health);
    expect(stored.sections.autonomy?.wishes).toBe(TYPED.wishes);
    expect(stored.sections.finances?.observations).toBe(TYPED.finances);
    // Sent: the encrypted copy and its key are gone from the device.
    const sent = await browserStorage(page);
    expect(sent.indexed['maillon-secure']?.records ?? []).toEqual([]);
    expect(sent.indexed['maillon-secure']?.keys ?? []).toEqual([]);
    await expectAccessible(page);

    // She signs it (confirmed first: it can no longer be changed), and the needs summary is listed.
    await page.getByRole('button', { name: 'Valider l’évaluation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Valider cette évaluation ?' });
    await dialog.getByText(/ne pourra plus être modifiée/).waitFor();
    await dialog.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Évaluation du/ }).waitFor();
    const summary = page.getByRole('table', { name: 'Besoins par domaine' });
    const row = summary.getByRole('row').filter({ hasText: 'Aide à la toilette' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Élevée');
    expect(await row.textContent()).toContain('Prioritaire');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Télécharger le PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/^evaluation-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(await assessmentIds(context, id)).toHaveLength(before.length + 1);

    // The history lists it as signed with its GIR; the chart has its point.
    await page.getByRole('link', { name: 'Retour aux évaluations' }).click();
    const history = page.getByRole('table', { name: 'Historique des évaluations' });
    // (the demo already holds Mme Morel's earlier assessments: hers is today's)
    const today = new Date().toLocaleDateString('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' });
    await history.getByRole('row').filter({ hasText: today }).filter({ hasText: 'Validée' }).filter({ hasText: 'GIR 4' }).waitFor();
    await page.getByRole('table', { name: 'Valeurs du graphique : GIR' }).waitFor();
    await expectAccessible(page);
    await context.close();
  });

  it('offers back an entry left on the device after a reload, and purges it at sign-out', async () => {
    const { context, page } = await newPage(browser, { width: 820, height: 1180 });
    await signIn(context);
    const id = await personId(context, 'Faure');
    await page.goto(`/people/${id}/assessments/new`);
    await page.getByRole('heading', { level: 1, name: 'Nouvelle évaluation' }).waitFor();
    const housing = await openDomain(page, 'Logement et environnement');
    await housing.getByLabel('Observations').fill('Escalier sans rampe');
    await page.getByText(/^Saisie conservée, chiffrée, sur cet appareil à/).waitFor();

    await page.reload();
    await page.getByText('Une saisie non envoyée est conservée sur cet appareil').waitFor();
    await page.getByRole('button', { name: 'Reprendre la saisie' }).click();
    const resumed = await openDomain(page, 'Logement et environnement');
    await expect(resumed.getByLabel('Observations').inputValue()).resolves.toBe('Escalier sans rampe');

    await page.getByRole('button', { name: /^Menu de / }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    const storage = await browserStorage(page);
    expect(storage.indexed['maillon-secure']).toBeUndefined();
    await context.close();
  });

  it('an administrator builds the Zarit scale and a questionnaire; a coordinator fills them, signs, corrects and compares', async () => {
    const admin = await newPage(browser, { width: 1024, height: 768 });
    const login = await admin.context.request.post('/api/v1/auth/login', {
      headers: HEADERS,
      data: { email: 'admin@demo.maillon.fr', password: COORDINATOR.password },
    });
    expect(login.status()).toBe(200);
    const a = admin.page;
    await a.goto('/admin/instruments');
    await a.getByRole('heading', { level: 1, name: 'Instruments d’évaluation' }).waitFor();

    // The Zarit scale: its 22 licensed texts pasted at once, saved as a draft, then published (frozen).
    await a.getByRole('button', { name: 'Créer l’échelle de Zarit' }).click();
    await a
      .getByLabel('Coller les 22 lignes')
      .fill(Array.from({ length: 22 }, (_, i) => `${i + 1}. Question de fardeau ${i + 1}`).join('\n'));
    await a.getByRole('button', { name: 'Répartir dans les 22 items' }).click();
    await expect(a.getByLabel(/^Item 22/).inputValue()).resolves.toBe('Question de fardeau 22');
    await a.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await a.getByText('Instrument créé en brouillon.').waitFor();
    await a.getByRole('button', { name: 'Publier' }).click();
    await a.getByRole('dialog', { name: 'Publier la version 1 ?' }).getByRole('button', { name: 'Publier' }).click();
    await a.getByText(/Cette version est publiée : elle est figée/).waitFor();
    await a.getByRole('button', { name: 'Retour aux instruments' }).click();

    // A questionnaire: choices with scores, a number, a question shown only after a fall, bands; errors named on their field.
    await a.getByRole('button', { name: 'Nouveau questionnaire' }).click();
    await choose(a, /^Domaine évalué/, 'Autonomie et vie quotidienne');
    await a.getByLabel(/^Titre/).fill('Repérage de la fragilité');
    await a.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    const q1 = a.getByRole('region', { name: 'Question 1' });
    await q1.getByText('Ce champ est obligatoire.').waitFor();
    await q1.getByLabel(/^Identifiant/).fill('vit_seul');
    await q1
      .getByLabel(/^Libellé/)
      .first()
      .fill('Vit seul(e)');
    await q1
      .getByLabel(/^Score/)
      .first()
      .fill('2');
    await q1
      .getByLabel(/^Score/)
      .nth(1)
      .fill('0');
    await q1.getByLabel('Compte dans le score').check();
    await a.getByRole('button', { name: 'Ajouter une question' }).click();
    const q2 = a.getByRole('region', { name: 'Question 2' });
    await choose(a, 'Type de réponse', 'Nombre', q2);
    await q2.getByLabel(/^Identifiant/).fill('chutes');
    await q2.getByLabel(/^Libellé/).fill('Chutes sur six mois');
    await q2.getByLabel('Compte dans le score').check();
    await a.getByRole('button', { name: 'Ajouter une question' }).click();
    const q3 = a.getByRole('region', { name: 'Question 3' });
    await choose(a, 'Type de réponse', 'Texte', q3);
    await q3.getByLabel(/^Identifiant/).fill('circonstances');
    await q3.getByLabel(/^Libellé/).fill('Circonstances des chutes');
    await choose(a, 'Afficher seulement si', 'Chutes sur six mois', q3);
    await choose(a, 'Condition', 'est supérieure ou égale à', q3);
    await q3.getByLabel('Valeur').fill('1');
    await a.getByRole('button', { name: 'Ajouter une bande' }).click();
    await a.getByRole('button', { name: 'Ajouter une bande' }).click();
    const band1 = a.getByRole('region', { name: 'Bande 1' });
    await band1.getByLabel('De', { exact: true }).fill('0');
    await band1.getByLabel('À', { exact: true }).fill('2');
    await band1.getByLabel(/^Libellé/).fill('Fragilité faible');
    const band2 = a.getByRole('region', { name: 'Bande 2' });
    await band2.getByLabel('De', { exact: true }).fill('2');
    await band2.getByLabel('À', { exact: true }).fill('100');
    await band2.getByLabel(/^Libellé/).fill('Fragilité élevée');
    await choose(a, 'Sévérité', 'Sévère', band2);
    await a.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    // Overlapping bands: refused in the browser with the shared rules, on the band's field.
    await band2.getByText('Cette bande chevauche une bande précédente.').waitFor();
    await band2.getByLabel('De', { exact: true }).fill('3');
    await a.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await a.getByText('Instrument créé en brouillon.').waitFor();
    await a.getByRole('button', { name: 'Publier' }).click();
    await a.getByRole('dialog', { name: 'Publier la version 1 ?' }).getByRole('button', { name: 'Publier' }).click();
    await a.getByText(/Cette version est publiée : elle est figée/).waitFor();
    await expectAccessible(a);

    // The needs list: a need of the organisation added.
    await a.getByRole('tab', { name: 'Liste des besoins' }).click();
    await choose(a, /^Domaine/, 'Santé');
    await a.getByLabel(/^Libellé/).fill('Préparation des piluliers');
    await a.getByRole('button', { name: 'Ajouter un besoin' }).click();
    await a.getByRole('table', { name: 'Besoins : Santé' }).getByText('Préparation des piluliers').waitFor();
    await expectAccessible(a);
    await admin.context.close();

    // The coordinator fills both instruments: scores and bands computed as she answers; the follow-up question appears.
    const { context, page } = await newPage(browser, { width: 820, height: 1180 });
    await signIn(context);
    const id = await personId(context, 'Roux');
    await page.goto(`/people/${id}/assessments/new`);
    await page.getByRole('heading', { level: 1, name: 'Nouvelle évaluation' }).waitFor();
    await choose(page, /^Motif/, 'Réévaluation périodique');
    const autonomy = await openDomain(page, 'Autonomie et vie quotidienne');
    await choose(page, 'Ajouter un besoin', 'Portage de repas', autonomy);
    await page.getByRole('button', { name: 'Remplir « Échelle de Zarit »' }).click();
    for (let i = 1; i <= 22; i++) {
      await page
        .getByRole('radiogroup', { name: `${i}. Question de fardeau ${i}`, exact: true })
        .getByText('2', { exact: true })
        .click();
    }
    await page.getByText('Total : 44 / 88').waitFor();
    await page.getByText('Interprétation : Fardeau modéré à sévère').waitFor();
    await page.getByRole('button', { name: 'Remplir « Repérage de la fragilité »' }).click();
    const fragility = page.getByRole('region', { name: 'Repérage de la fragilité' });
    await fragility.getByRole('radio', { name: 'Oui' }).check();
    expect(await fragility.getByLabel(/^Circonstances des chutes/).count()).toBe(0);
    await fragility.getByLabel(/^Chutes sur six mois/).fill('2');
    await fragility.getByLabel(/^Circonstances des chutes/).fill('La nuit, en allant aux toilettes');
    await fragility.getByText('Total : 4').waitFor();
    await fragility.getByText('Interprétation : Fragilité élevée').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByRole('heading', { level: 1, name: /^Brouillon du/ }).waitFor();
    await page.getByRole('button', { name: 'Valider l’évaluation' }).click();
    await page.getByRole('dialog', { name: 'Valider cette évaluation ?' }).getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Évaluation du/ }).waitFor();
    await page.getByRole('table', { name: 'Réponses à « Échelle de Zarit »' }).waitFor();
    await page.getByText('Fardeau modéré à sévère').first().waitFor();

    // A correction: a new draft version, the signed one kept; the need changes, it is signed, the first is superseded.
    await page.getByRole('button', { name: 'Corriger' }).click();
    const correct = page.getByRole('dialog', { name: 'Corriger cette évaluation' });
    await correct.getByLabel(/^Motif de la correction/).fill('Le portage de repas est déjà en place');
    await correct.getByRole('button', { name: 'Ouvrir la correction' }).click();
    await page.getByText(/Cette version corrige une évaluation validée/).waitFor();
    const corrected = await openDomain(page, 'Autonomie et vie quotidienne');
    await corrected.getByRole('button', { name: 'Retirer le besoin « Portage de repas »' }).click();
    await choose(page, 'Ajouter un besoin', 'Téléassistance', corrected);
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Brouillon enregistré.').waitFor();
    await page.getByRole('button', { name: 'Valider l’évaluation' }).click();
    await page.getByRole('dialog', { name: 'Valider cette évaluation ?' }).getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Évaluation du/ }).waitFor();

    // History: the first one superseded; compare the two: the need resolved and the one that appeared, with badges.
    await page.getByRole('link', { name: 'Retour aux évaluations' }).click();
    const history = page.getByRole('table', { name: 'Historique des évaluations' });
    await history.getByRole('row').filter({ hasText: 'Remplacée' }).waitFor();
    const boxes = history.getByRole('checkbox');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Comparer les deux évaluations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comparer deux évaluations' }).waitFor();
    const needs = page.getByRole('region', { name: 'Besoins' });
    await needs.getByRole('row').filter({ hasText: 'Téléassistance' }).filter({ hasText: 'Apparu' }).waitFor();
    await needs.getByRole('row').filter({ hasText: 'Portage de repas' }).filter({ hasText: 'Résolu' }).waitFor();
    await page.getByRole('region', { name: 'Scores' }).getByText('Échelle de Zarit').waitFor();
    await expectAccessible(page);
    await context.close();
  });

  it('never overwrites a draft someone changed meanwhile: says so, and reloads the current version', async () => {
    const { context, page } = await newPage(browser, { width: 1024, height: 768 });
    await signIn(context);
    const id = await personId(context, 'Haddad');
    const created = await context.request.post(`/api/v1/people/${id}/assessments`, {
      headers: { ...HEADERS, 'idempotency-key': `conflict-${Date.now()}` },
      data: { assessedOn: '2026-01-15', context: 'change_of_situation' },
    });
    expect(created.status()).toBe(201);
    const draft = (await created.json()) as { id: string; version: number };
    await page.goto(`/assessments/${draft.id}`);
    await page.getByRole('heading', { level: 1, name: /^Brouillon du/ }).waitFor();

    // A colleague changes the housing domain…
    const colleague = await context.request.patch(`/api/v1/assessments/${draft.id}`, {
      headers: { ...HEADERS, 'if-match': `"${draft.version}"` },
      data: { sections: { housing: { observations: 'Logement insalubre signalé par la mairie' } } },
    });
    expect(colleague.status()).toBe(200);

    // …while she writes in the finances domain of the version she opened.
    const finances = await openDomain(page, 'Ressources et budget');
    await finances.getByLabel('Observations').fill('Retard de loyer');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Quelqu’un a modifié cette évaluation entre-temps').waitFor();
    const unchanged = (await (await context.request.get(`/api/v1/assessments/${draft.id}`, { headers: HEADERS })).json()) as {
      sections: Record<string, { observations: string | null }>;
    };
    expect(unchanged.sections.finances?.observations).toBeNull();
    await page.getByRole('button', { name: 'Recharger la version à jour' }).click();
    const housing = await openDomain(page, 'Logement et environnement');
    await expect(housing.getByLabel('Observations').inputValue()).resolves.toBe('Logement insalubre signalé par la mairie');
    await context.close();
  });
});
