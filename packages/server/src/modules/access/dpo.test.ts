import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuditAction } from '@maillon/shared/audit';
import { PASSWORD, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import { pdfText } from '../../../test/pdf-text.ts';

// Issue 19 items 6 and 15, issue 18 item 4: the DPO finds a person for a right-of-access request,
// reads and downloads the access report, and the audit log speaks French.

let t: TestApp;
let org: TestOrg;
let sql: pg.Client;
let coord: Client;
let dpo: Client;
let serviceId: string;
let personId: string;

const as = (role: keyof TestOrg['users']) => login(t.app, org.users[role]!.email, PASSWORD, '10.31.0.1');

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'coordinator', 'health_professional', 'dpo', 'director'] });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  const admin = await as('admin');
  serviceId = (
    (await admin.req('POST', '/api/v1/identity/services', { body: { name: 'SSIAD Valence', kind: 'ssiad' } })).json() as { id: string }
  ).id;
  await sql.query(`update membership set service_id = $1 where id = $2`, [serviceId, org.users.coordinator!.membershipId]);
  coord = await as('coordinator');
  const created = await coord.req('POST', '/api/v1/people', {
    body: {
      birthName: 'Morel',
      firstNames: 'Lucienne',
      sex: 'female',
      birthDate: '1936-03-12',
      serviceId,
      duplicatesReviewed: true,
      situation: { livingArrangement: 'alone' },
    },
  });
  expect(created.statusCode).toBe(201);
  personId = (created.json() as { id: string }).id;
  // Same birth date, another name: never returned for "Morel".
  await coord.req('POST', '/api/v1/people', {
    body: { birthName: 'Garnier', firstNames: 'Paul', sex: 'male', birthDate: '1936-03-12', serviceId, duplicatesReviewed: true },
  });
  await coord.req('GET', `/api/v1/people/${personId}`);
  await coord.req('GET', `/api/v1/people/${personId}/protections`);
  dpo = await as('dpo');
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('DPO search for a right-of-access request (issue 19 item 6)', () => {
  it('finds the person by name and exact birth date, with only name, birth date and service', async () => {
    const res = await dpo.req('POST', '/api/v1/access/dpo/people/search', { body: { name: 'lucienne MOREL', birthDate: '1936-03-12' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [{ id: personId, name: 'MOREL Lucienne', birthDate: '1936-03-12', serviceName: 'SSIAD Valence' }],
    });
    const none = await dpo.req('POST', '/api/v1/access/dpo/people/search', { body: { name: 'Morel', birthDate: '1936-03-13' } });
    expect(none.json()).toEqual({ items: [] });
  });

  it('is audited with the administration purpose and the person found', async () => {
    const before = await sql.query(`select count(*)::int as n from audit_event where action = 'person.dpo_search'`);
    await dpo.req('POST', '/api/v1/access/dpo/people/search', { body: { name: 'Morel', birthDate: '1936-03-12' } });
    const rows = await sql.query(
      `select actor_user_id, person_id, resource_type, purpose, outcome, info_category from audit_event
       where action = 'person.dpo_search' order by id desc limit 1`,
    );
    expect((await sql.query(`select count(*)::int as n from audit_event where action = 'person.dpo_search'`)).rows[0].n).toBe(
      before.rows[0].n + 1,
    );
    expect(rows.rows[0]).toEqual({
      actor_user_id: org.users.dpo!.id,
      person_id: personId,
      resource_type: 'person',
      purpose: 'admin',
      outcome: 'success',
      info_category: 'administrative',
    });
  });

  it('is refused to every other role, and names the missing field', async () => {
    for (const role of ['admin', 'coordinator', 'health_professional', 'director'] as const) {
      const res = await (
        await as(role)
      ).req('POST', '/api/v1/access/dpo/people/search', { body: { name: 'Morel', birthDate: '1936-03-12' } });
      expect(res.statusCode, role).toBe(403);
      expect((res.json() as { code: string }).code, role).toBe('forbidden');
    }
    const bad = await dpo.req('POST', '/api/v1/access/dpo/people/search', { body: { name: 'Morel' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.birthDate' }] });
  });
});

describe('access report and audit log in words (issue 19 item 15, issue 18 item 4)', () => {
  it('labels every entry of the report and writes the PDF in French, words whole, Paris time', async () => {
    const report = (await dpo.req('GET', `/api/v1/access/dpo/people/${personId}/access-report`)).json() as {
      entries: { action: string; what: string }[];
    };
    const whats = new Set(report.entries.map((e) => e.what));
    expect(whats.has('Consultation du dossier')).toBe(true);
    expect(whats.has('Consultation des mesures de protection')).toBe(true);
    expect(whats.has('Recherche d’une personne par le délégué à la protection des données')).toBe(true);
    expect(report.entries.every((e) => e.what !== e.action && !/^[a-z_]+$/.test(e.what))).toBe(true);
    const pdf = await dpo.req('GET', `/api/v1/access/dpo/people/${personId}/access-report.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('MOREL Lucienne, né(e) le 12 mars 1936');
    expect(text).toContain('Consultation des mesures de protection');
    expect(text).toContain('soins et accompagnement');
    expect(text).toContain('Consultation du dossier (informations : social)');
    expect(text).not.toMatch(/\b(person|plan|assessment|legal_protection|care|admin)\b/);
    const paris = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date());
    expect(text).toContain(paris);
  });

  it('exports a CSV with French headers, labels, Paris time and the person’s name for the DPO', async () => {
    const res = await dpo.req('GET', '/api/v1/audit/events/export?action=person.read');
    expect(res.statusCode).toBe(200);
    const [header, first] = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(
      '"N°";"Date et heure (Paris)";"Utilisateur";"Identifiant de l’utilisateur";"Rôle";"Action";"Objet";"Identifiant de l’objet";"Personne";"Identifiant de la personne";"Catégorie d’information";"Finalité";"Résultat";"Identifiant de la requête";"Adresse IP";"Scellé"',
    );
    const cells = first!.split(';').map((c) => c.replace(/^"|"$/g, ''));
    expect(cells[4]).toBe('Coordination');
    expect(cells[5]).toBe('Consultation du dossier');
    expect(cells[6]).toBe('Dossier de la personne');
    expect(cells[8]).toBe('MOREL Lucienne');
    expect(cells[9]).toBe(personId);
    expect(cells[10]).toBe('Social');
    expect(cells[11]).toBe('Soins et accompagnement');
    expect(cells[12]).toBe('Réussi');
    const row = await sql.query(`select occurred_at from audit_event where id = $1`, [Number(cells[0])]);
    const when = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' }).format(
      row.rows[0].occurred_at,
    );
    expect(cells[1]).toBe(when);
    const list = (await dpo.req('GET', `/api/v1/audit/events?personId=${personId}&action=person.read`)).json() as {
      items: { personName: string | null }[];
    };
    expect(list.items[0]!.personName).toBe('MOREL Lucienne');
  });

  it('writes only actions of the catalogue, each with its label', async () => {
    const r = await sql.query(`select distinct action from audit_event`);
    const actions = r.rows.map((x: { action: string }) => x.action);
    expect(actions.length).toBeGreaterThan(8);
    expect(actions.filter((a) => !isAuditAction(a))).toEqual([]);
  });
});
