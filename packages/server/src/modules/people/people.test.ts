import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';

let t: TestApp;
let org: TestOrg;
let sql: pg.Client;
let coord: Client;
let serviceA: string;
let serviceB: string;

const today = () => new Date().toISOString().slice(0, 10);
const validNir = '2400326362123'; // + key computed below
const nirKey = (body: string) => String(97 - Number(BigInt(body) % 97n)).padStart(2, '0');
const NIR = validNir + nirKey(validNir);

async function as(role: keyof TestOrg['users'], ip = '10.30.0.1') {
  return login(t.app, org.users[role]!.email, PASSWORD, ip);
}

async function newPerson(c: Client, over: Record<string, unknown> = {}) {
  const res = await c.req('POST', '/api/v1/people', {
    body: {
      birthName: 'Roux',
      firstNames: 'Jeanne',
      sex: 'female',
      birthDate: '1938-05-14',
      serviceId: serviceA,
      duplicatesReviewed: true,
      ...over,
    },
  });
  if (res.statusCode !== 201) throw new Error(`create failed ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number };
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, {
    roles: ['admin', 'coordinator', 'health_professional', 'social_worker', 'care_staff', 'external_partner', 'dpo', 'director'],
  });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  const admin = await as('admin');
  serviceA = (
    (await admin.req('POST', '/api/v1/identity/services', { body: { name: 'SSIAD Valence', kind: 'ssiad' } })).json() as { id: string }
  ).id;
  serviceB = (
    (await admin.req('POST', '/api/v1/identity/services', { body: { name: 'SAAD Romans', kind: 'saad' } })).json() as { id: string }
  ).id;
  await sql.query(`update membership set service_id = $1 where id = $2`, [serviceA, org.users.coordinator!.membershipId]);
  await sql.query(`update membership set profession = 'social_worker' where id = $1`, [org.users.social_worker!.membershipId]);
  await sql.query(`update membership set profession = 'care_assistant' where id = $1`, [org.users.care_staff!.membershipId]);
  await sql.query(`update membership set profession = 'nurse', service_id = $1 where id = $2`, [
    serviceB,
    org.users.health_professional!.membershipId,
  ]);
  await sql.query(`update membership set profession = 'nurse' where id = $1`, [org.users.external_partner!.membershipId]);
  coord = await as('coordinator');
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('the person record', () => {
  it('creates a record with identity, INS, address and situation; the creator joins the care team', async () => {
    const res = await coord.req('POST', '/api/v1/people', {
      body: {
        birthName: 'Chabert',
        usedName: 'Morel',
        firstNames: 'Lucienne Marie',
        sex: 'female',
        birthDate: '1934-02-03',
        birthPlace: 'Valence',
        ins: { matricule: NIR, oid: '1.2.250.1.213.1.4.8', status: 'qualified' },
        phone: '04 75 12 34 56',
        address: { line1: '8 rue des Alpes', postcode: '26000', commune: 'Valence', inseeCode: '26362' },
        situation: { livingArrangement: 'alone', housing: 'tenant', benefits: ['apa'] },
        serviceId: serviceA,
      },
    });
    expect(res.statusCode).toBe(201);
    const p = res.json() as { id: string; ins: { matriculeMasked: string }; access: { via: string }; referent: { userId: string } };
    expect(p.ins.matriculeMasked).not.toContain(NIR.slice(3, 13));
    expect(p.ins.matriculeMasked.endsWith(NIR.slice(13))).toBe(true);
    expect(p.access.via).toBe('care_team');
    expect(p.referent.userId).toBe(org.users.coordinator!.id);
    const stored = await sql.query('select ins_matricule_enc from person where id = $1', [p.id]);
    expect(stored.rows[0].ins_matricule_enc).not.toContain(NIR);
  });

  it('reveals the INS only on request, and logs it (SEC-DP-06)', async () => {
    const p = await newPerson(coord, { birthName: 'Vidal', ins: { matricule: NIR, oid: '1.2.250.1.213.1.4.8', status: 'provisional' } });
    const res = await coord.req('POST', `/api/v1/people/${p.id}/ins/reveal`);
    expect(res.json()).toEqual({ matricule: NIR });
    const a = await sql.query(`select 1 from audit_event where action = 'person.ins_revealed' and person_id = $1`, [p.id]);
    expect(a.rowCount).toBe(1);
  });

  it('refuses a birth in year 1 or before 1900, a consent collected in 2099 or before the person was informed (SEC-VAL-02)', async () => {
    const fieldErrors = (res: { json(): unknown }) => (res.json() as { errors: { path: string; code: string }[] }).errors;
    const person = (birthDate: string) =>
      coord.req('POST', '/api/v1/people', {
        body: { birthName: 'Ancien', firstNames: 'Y', sex: 'male', birthDate, duplicatesReviewed: true },
      });
    for (const birthDate of ['0001-01-01', '1899-12-31']) {
      const res = await person(birthDate);
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res)).toEqual([
        { path: 'body.birthDate', code: 'date_out_of_range', message: 'Expected a date between 1900 and 2100' },
      ]);
    }
    expect((await person('1900-01-01')).statusCode).toBe(201);

    const p = await newPerson(coord, { birthName: 'Consentie' });
    const consent = (over: Record<string, unknown>) =>
      coord.req('POST', `/api/v1/people/${p.id}/consents`, {
        body: {
          decision: 'consent',
          informedAt: '2025-03-10',
          method: 'written',
          infoCategories: ['administrative'],
          professionalCategories: ['health'],
          means: ['shared_record'],
          securityMeasuresExplained: true,
          copyGiven: true,
          givenBy: 'person',
          ...over,
        },
      });
    const future = await consent({ collectedAt: '2099-01-01T10:00:00+01:00' });
    expect(future.statusCode).toBe(400);
    expect(fieldErrors(future)).toEqual([{ path: 'body.collectedAt', code: 'future_date', message: 'This date is in the future' }]);
    const before = await consent({ collectedAt: '2025-03-09T23:30:00+01:00' });
    expect(before.statusCode).toBe(400);
    expect(fieldErrors(before)).toEqual([
      { path: 'body.collectedAt', code: 'before_informed', message: 'The consent is collected after the person was informed' },
    ]);
    const informedLater = await consent({ informedAt: '2099-01-01' });
    expect(informedLater.statusCode).toBe(400);
    expect(fieldErrors(informedLater)).toEqual([{ path: 'body.informedAt', code: 'future_date', message: 'This date is in the future' }]);
    expect((await consent({ collectedAt: '2025-03-10T09:00:00+01:00' })).statusCode).toBe(201);
  });

  it('gives precise field errors for a malformed INS, a future birth date and an unknown service', async () => {
    const future = new Date(Date.now() + 86_400_000 * 3).toISOString().slice(0, 10);
    const res = await coord.req('POST', '/api/v1/people', {
      body: {
        birthName: 'X',
        firstNames: 'Y',
        sex: 'male',
        birthDate: future,
        ins: { matricule: '1234', oid: '1.2.250.1.213.1.4.8', status: 'qualified' },
        duplicatesReviewed: true,
      },
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json() as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.birthDate', 'body.ins.matricule']));
    const badKey = await coord.req('POST', '/api/v1/people', {
      body: {
        birthName: 'X',
        firstNames: 'Y',
        sex: 'male',
        birthDate: '1950-01-01',
        ins: { matricule: validNir + '00', oid: '1.2.250.1.213.1.4.8', status: 'qualified' },
        duplicatesReviewed: true,
      },
    });
    expect(JSON.stringify(badKey.json())).toContain('key');
    const svc = await coord.req('POST', '/api/v1/people', {
      body: {
        birthName: 'X',
        firstNames: 'Y',
        sex: 'male',
        birthDate: '1950-01-01',
        serviceId: '01234567-89ab-7def-8123-456789abcdef',
        duplicatesReviewed: true,
      },
    });
    expect(svc.json()).toMatchObject({ errors: [{ path: 'body.serviceId', code: 'unknown_service' }] });
  });

  it('refuses a stale update with 412 and the current record; nothing is lost (REL-05)', async () => {
    const p = await newPerson(coord, { birthName: 'Perrin' });
    const first = await coord.req('PATCH', `/api/v1/people/${p.id}`, {
      body: { phone: '0475000001' },
      headers: { 'if-match': `"${p.version}"` },
    });
    expect(first.statusCode).toBe(200);
    const second = await coord.req('PATCH', `/api/v1/people/${p.id}`, {
      body: { mobile: '0600000002' },
      headers: { 'if-match': `"${p.version}"` },
    });
    expect(second.statusCode).toBe(412);
    expect((second.json() as { current: { phone: string } }).current.phone).toBe('0475000001');
    expect((await coord.req('PATCH', `/api/v1/people/${p.id}`, { body: { mobile: '0600000002' } })).statusCode).toBe(428);
  });

  it('writes a read entry in the audit log when a record is opened, shown in the access report (FR-07)', async () => {
    const p = await newPerson(coord, { birthName: 'Bonnet' });
    await coord.req('GET', `/api/v1/people/${p.id}`);
    const report = (await coord.req('GET', `/api/v1/people/${p.id}/access-report`)).json() as {
      entries: { action: string; who: string }[];
    };
    expect(report.entries.some((e) => e.action === 'person.read')).toBe(true);
    const pdf = await coord.req('GET', `/api/v1/people/${p.id}/access-report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const dpo = await as('dpo');
    expect((await dpo.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(403);
    expect((await dpo.req('GET', `/api/v1/access/dpo/people/${p.id}/access-report`)).statusCode).toBe(200);
    const dpoPdf = await dpo.req('GET', `/api/v1/access/dpo/people/${p.id}/access-report.pdf`);
    expect(dpoPdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('need to know (FR-01, FR-05, SEC-AZ-03)', () => {
  it('gives 404 to a nurse outside the care team, for the record and every part of it', async () => {
    const p = await newPerson(coord, { birthName: 'Garnier' });
    const nurse = await as('health_professional');
    for (const url of [
      `/api/v1/people/${p.id}`,
      `/api/v1/people/${p.id}/relatives`,
      `/api/v1/people/${p.id}/care-team`,
      `/api/v1/people/${p.id}/consents`,
      `/api/v1/people/${p.id}/access-report`,
    ]) {
      expect((await nurse.req('GET', url)).statusCode, url).toBe(404);
    }
    const list = (await nurse.req('POST', '/api/v1/people/search', { body: { q: 'Garnier' } })).json() as { items: unknown[] };
    expect(list.items).toEqual([]);
    // Each refusal is in the audit log, once (SEC-LOG-02).
    const denied = await sql.query(
      `select details->>'route' as route from audit_event where action = 'person.access_denied' and outcome = 'denied' and person_id = $1 order by id`,
      [p.id],
    );
    expect(denied.rows.map((r: { route: string }) => r.route)).toEqual([
      'GET /api/v1/people/:personId',
      'GET /api/v1/people/:personId/relatives',
      'GET /api/v1/people/:personId/care-team',
      'GET /api/v1/people/:personId/consents',
      'GET /api/v1/people/:personId/access-report',
    ]);
  });

  it('shows each member only the categories of their profession', async () => {
    const p = await newPerson(coord, { birthName: 'Lambert', situation: { livingArrangement: 'alone', benefits: ['apa'] } });
    for (const [role, fn] of [
      ['social_worker', 'social_worker'],
      ['care_staff', 'care_assistant'],
    ] as const) {
      await coord.req('POST', `/api/v1/people/${p.id}/care-team`, {
        body: { userId: org.users[role]!.id, function: fn, startDate: today() },
      });
    }
    const social = (await (await as('social_worker')).req('GET', `/api/v1/people/${p.id}`)).json() as {
      situation: unknown;
      access: { categories: string[] };
    };
    expect(social.situation).toMatchObject({ livingArrangement: 'alone' });
    expect(social.access.categories).not.toContain('health');
    const aide = (await (await as('care_staff')).req('GET', `/api/v1/people/${p.id}`)).json() as {
      situation: unknown;
      access: { categories: string[] };
    };
    expect(aide.situation).toBeNull();
    expect(aide.access.categories).toEqual(expect.arrayContaining(['administrative', 'health']));
    // care staff may not read the legal protection (social)
    expect((await (await as('care_staff')).req('GET', `/api/v1/people/${p.id}/protections`)).statusCode).toBe(404);
  });

  it('loses access at the next request when the care-team membership ends (SEC-AZ-06)', async () => {
    const p = await newPerson(coord, { birthName: 'Blanc' });
    const add = (
      await coord.req('POST', `/api/v1/people/${p.id}/care-team`, {
        body: { userId: org.users.social_worker!.id, function: 'social_worker', startDate: today() },
      })
    ).json() as { id: string; version: number };
    const sw = await as('social_worker');
    expect((await sw.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(200);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await sql.query('update care_team_member set start_date = $1 where id = $2', [yesterday, add.id]);
    const end = await coord.req('PATCH', `/api/v1/people/${p.id}/care-team/${add.id}`, {
      body: { endDate: yesterday },
      headers: { 'if-match': `"${add.version}"` },
    });
    expect(end.statusCode).toBe(200);
    expect((await sw.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(404);
  });

  it('lets the coordinators of the service see its records (organisation policy), not those of another service', async () => {
    const p = await newPerson(await as('director'), { birthName: 'Service-B', serviceId: serviceB });
    expect((await coord.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(404);
    const q = await newPerson(await as('director'), { birthName: 'Service-A', serviceId: serviceA });
    const res = await coord.req('GET', `/api/v1/people/${q.id}`);
    expect(res.statusCode).toBe(200);
    expect((res.json() as { access: { via: string } }).access.via).toBe('service_policy');
  });

  it("never shows another organisation's person (404)", async () => {
    const other = await createOrg(t, { roles: ['coordinator'] });
    const theirs = await newPerson(await login(t.app, other.users.coordinator!.email), { birthName: 'Ailleurs', serviceId: null });
    expect((await coord.req('GET', `/api/v1/people/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (await coord.req('PATCH', `/api/v1/people/${theirs.id}`, { body: { phone: '0101010101' }, headers: { 'if-match': '"1"' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await coord.req('POST', `/api/v1/people/${theirs.id}/relatives`, { body: { lastName: 'A', firstName: 'B', relationship: 'child' } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('consent and partners (FR-03, FR-04, FR-12)', () => {
  it('lets a partner in the care team read only what the consent allows, and loses it at the next request after an objection', async () => {
    const p = await newPerson(coord, { birthName: 'Partage', situation: { livingArrangement: 'couple' } });
    await coord.req('POST', `/api/v1/people/${p.id}/care-team`, {
      body: { userId: org.users.external_partner!.id, function: 'nurse', startDate: today() },
    });
    const partner = await as('external_partner');
    expect((await partner.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(404);
    const consent = await coord.req('POST', `/api/v1/people/${p.id}/consents`, {
      body: {
        decision: 'consent',
        informedAt: today(),
        method: 'written',
        infoCategories: ['administrative', 'health'],
        professionalCategories: ['health'],
        means: ['shared_record'],
        securityMeasuresExplained: true,
        copyGiven: true,
        givenBy: 'person',
      },
    });
    expect(consent.statusCode).toBe(201);
    const seen = (await partner.req('GET', `/api/v1/people/${p.id}`)).json() as {
      situation: unknown;
      access: { via: string; categories: string[] };
    };
    expect(seen.access.via).toBe('consent');
    expect(seen.access.categories.sort()).toEqual(['administrative', 'health']);
    expect(seen.situation).toBeNull();
    const objection = await coord.req('POST', `/api/v1/people/${p.id}/consents`, {
      body: {
        decision: 'objection',
        informedAt: today(),
        method: 'oral',
        infoCategories: ['health'],
        professionalCategories: ['health'],
        means: ['shared_record'],
        securityMeasuresExplained: true,
        copyGiven: false,
        givenBy: 'person',
      },
    });
    expect(objection.statusCode).toBe(201);
    expect((await partner.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(404);
    const a = await sql.query(`select 1 from audit_event where action = 'consent.objection' and person_id = $1`, [p.id]);
    expect(a.rowCount).toBe(1);
  });

  it('records every FR-03 element, and refuses a consent missing one', async () => {
    const p = await newPerson(coord, { birthName: 'Elements' });
    const bad = await coord.req('POST', `/api/v1/people/${p.id}/consents`, {
      body: {
        decision: 'consent',
        informedAt: today(),
        method: 'oral',
        infoCategories: [],
        professionalCategories: ['health'],
        means: [],
        securityMeasuresExplained: true,
        copyGiven: true,
        givenBy: 'person',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['body.infoCategories', 'body.means']),
    );
  });

  it('lets the legal representative decide for the protected person only with a recorded mandate (FR-12)', async () => {
    const p = await newPerson(coord, { birthName: 'Protegee' });
    const son = (
      await coord.req('POST', `/api/v1/people/${p.id}/relatives`, {
        body: { lastName: 'Protegee', firstName: 'Paul', relationship: 'child', isCaregiver: true },
      })
    ).json() as { id: string };
    const body = {
      decision: 'consent',
      informedAt: today(),
      method: 'written',
      infoCategories: ['administrative'],
      professionalCategories: ['social'],
      means: ['meeting'],
      securityMeasuresExplained: true,
      copyGiven: true,
      givenBy: 'legal_representative',
      representativeId: son.id,
    };
    const refused = await coord.req('POST', `/api/v1/people/${p.id}/consents`, { body });
    expect(refused.json()).toMatchObject({ errors: [{ path: 'body.representativeId', code: 'no_mandate' }] });
    const prot = await coord.req('POST', `/api/v1/people/${p.id}/protections`, {
      body: { kind: 'tutelle', protectorName: 'Paul Protegee', relativeId: son.id, startDate: '2020-01-01' },
    });
    expect(prot.statusCode).toBe(201);
    expect((await coord.req('POST', `/api/v1/people/${p.id}/consents`, { body })).statusCode).toBe(201);
  });

  it('ends consents with the end of support', async () => {
    const p = await newPerson(coord, { birthName: 'Fin' });
    await coord.req('POST', `/api/v1/people/${p.id}/consents`, {
      body: {
        decision: 'consent',
        informedAt: today(),
        method: 'oral',
        infoCategories: ['administrative'],
        professionalCategories: ['health'],
        means: ['phone'],
        securityMeasuresExplained: true,
        copyGiven: false,
        givenBy: 'person',
      },
    });
    const cur = (await coord.req('GET', `/api/v1/people/${p.id}`)).json() as { version: number };
    await coord.req('PATCH', `/api/v1/people/${p.id}`, { body: { status: 'ended' }, headers: { 'if-match': `"${cur.version}"` } });
    const list = (await coord.req('GET', `/api/v1/people/${p.id}/consents`)).json() as { items: { active: boolean; endReason: string }[] };
    expect(list.items.every((k) => !k.active)).toBe(true);
  });
});

describe('break-glass (FR-06)', () => {
  it('needs step-up and a reason; gives read-only access for 4 hours; alerts the DPO; shows in the review queue and the access report; expires', async () => {
    const p = await newPerson(coord, { birthName: 'Urgence', firstNames: 'Albert', birthDate: '1941-07-21', serviceId: serviceA });
    const nurse = await as('health_professional', '10.31.0.1');
    expect((await nurse.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(404);
    const found = (
      await nurse.req('POST', '/api/v1/access/break-glass/search', {
        body: { birthName: 'urgence', firstNames: 'albert', birthDate: '1941-07-21' },
      })
    ).json() as { items: { id: string }[] };
    expect(found.items.map((i) => i.id)).toContain(p.id);
    const short = await nurse.req('POST', `/api/v1/people/${p.id}/break-glass`, {
      body: { reasonCode: 'medical_emergency', reasonText: 'chute' },
    });
    expect(short.statusCode).toBe(400);
    await sql.query(`update session set authenticated_at = now() - interval '10 minutes' where user_id = $1`, [
      org.users.health_professional!.id,
    ]);
    const noStepUp = await nurse.req('POST', `/api/v1/people/${p.id}/break-glass`, {
      body: { reasonCode: 'medical_emergency', reasonText: 'Chute à domicile, appel du SAMU' },
    });
    expect(noStepUp.json()).toMatchObject({ code: 'step_up_required' });
    await nurse.req('POST', '/api/v1/auth/reauthenticate', { body: { password: PASSWORD } });
    const open = await nurse.req('POST', `/api/v1/people/${p.id}/break-glass`, {
      body: { reasonCode: 'medical_emergency', reasonText: 'Chute à domicile, appel du SAMU' },
    });
    expect(open.statusCode).toBe(201);
    const until = new Date((open.json() as { expiresAt: string }).expiresAt).getTime();
    expect(until - Date.now()).toBeGreaterThan(3.9 * 3600_000);
    const rec = await nurse.req('GET', `/api/v1/people/${p.id}`);
    expect(rec.statusCode).toBe(200);
    expect((rec.json() as { access: { via: string; readOnly: boolean } }).access).toMatchObject({ via: 'break_glass', readOnly: true });
    expect(
      (await nurse.req('PATCH', `/api/v1/people/${p.id}`, { body: { phone: '0102030405' }, headers: { 'if-match': '"1"' } })).statusCode,
    ).toBe(403);
    const dpo = await as('dpo');
    const notes = (await dpo.req('GET', '/api/v1/notifications')).json() as { unread: number; items: { kind: string }[] };
    expect(notes.items.some((n) => n.kind === 'break_glass')).toBe(true);
    const queue = (await dpo.req('GET', '/api/v1/access/break-glass')).json() as {
      items: { id: string; personId: string; reasonText: string }[];
    };
    const item = queue.items.find((b) => b.personId === p.id)!;
    expect(item.reasonText).toContain('SAMU');
    const report = (await coord.req('GET', `/api/v1/people/${p.id}/access-report`)).json() as {
      entries: { action: string; purpose: string }[];
    };
    expect(report.entries.some((e) => e.action === 'break_glass.open' && e.purpose === 'break_glass')).toBe(true);
    expect(report.entries.some((e) => e.action === 'person.read' && e.purpose === 'break_glass')).toBe(true);
    const reviewed = await dpo.req('POST', `/api/v1/access/break-glass/${item.id}/review`, {
      body: { outcome: 'justified', comment: 'Intervention SAMU confirmée' },
    });
    expect(reviewed.json()).toMatchObject({ reviewOutcome: 'justified' });
    // expiry
    await sql.query(`update break_glass set expires_at = now() - interval '1 second' where id = $1`, [item.id]);
    expect((await nurse.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(404);
  });

  it('is not available to profiles not entitled to it', async () => {
    const p = await newPerson(coord, { birthName: 'Interdit' });
    const aide = await as('care_staff');
    expect(
      (
        await aide.req('POST', `/api/v1/people/${p.id}/break-glass`, {
          body: { reasonCode: 'other', reasonText: 'Je voudrais voir le dossier' },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('duplicates and merge', () => {
  it('proposes existing records, accent- and case-insensitive and fuzzy on names, exact on birth date', async () => {
    await newPerson(coord, { birthName: 'Lefèvre', firstNames: 'Hélène', birthDate: '1945-11-02' });
    const res = await coord.req('POST', '/api/v1/people/duplicates', {
      body: { birthName: 'LEFEVRE', firstNames: 'helene', birthDate: '1945-11-02' },
    });
    const items = (res.json() as { items: { birthName: string; reasons: string[] }[] }).items;
    expect(items[0]!.birthName).toBe('Lefèvre');
    expect(items[0]!.reasons).toEqual(expect.arrayContaining(['same_birth_date', 'similar_birth_name']));
    const typo = await coord.req('POST', '/api/v1/people/duplicates', {
      body: { birthName: 'Lefebvre', firstNames: 'Helene', birthDate: '1945-11-02' },
    });
    expect((typo.json() as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const otherDate = await coord.req('POST', '/api/v1/people/duplicates', {
      body: { birthName: 'Lefèvre', firstNames: 'Hélène', birthDate: '1945-11-03' },
    });
    expect((otherDate.json() as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses to create a likely duplicate until the coordinator confirms', async () => {
    await newPerson(coord, { birthName: 'Mercier', firstNames: 'André', birthDate: '1939-01-09' });
    const res = await coord.req('POST', '/api/v1/people', {
      body: { birthName: 'MERCIER', firstNames: 'Andre', sex: 'male', birthDate: '1939-01-09' },
    });
    expect([res.statusCode, (res.json() as { code: string }).code]).toEqual([409, 'person.possible_duplicates']);
    expect((res.json() as { current: { duplicates: unknown[] } }).current.duplicates.length).toBeGreaterThan(0);
    const ok = await coord.req('POST', '/api/v1/people', {
      body: { birthName: 'MERCIER', firstNames: 'Andre', sex: 'male', birthDate: '1939-01-09', duplicatesReviewed: true },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('merges two records keeping all history, audited', async () => {
    const a = await newPerson(coord, { birthName: 'Fusion', firstNames: 'Rose', birthDate: '1944-04-04' });
    const b = await newPerson(coord, { birthName: 'Fusion', firstNames: 'Rose', birthDate: '1944-04-04' });
    await coord.req('POST', `/api/v1/people/${b.id}/relatives`, {
      body: { lastName: 'Fusion', firstName: 'Marc', relationship: 'child', isTrustedPerson: true },
    });
    const res = await coord.req('POST', `/api/v1/people/${a.id}/merge`, {
      body: { duplicateId: b.id, reason: 'Même personne, créée deux fois à l’accueil' },
    });
    expect(res.statusCode).toBe(200);
    const rel = (await coord.req('GET', `/api/v1/people/${a.id}/relatives`)).json() as {
      items: { firstName: string; isTrustedPerson: boolean }[];
    };
    expect(rel.items.some((r) => r.firstName === 'Marc' && r.isTrustedPerson)).toBe(true);
    const old = (await coord.req('GET', `/api/v1/people/${b.id}`)).json() as { mergedInto: string };
    expect(old.mergedInto).toBe(a.id);
    const rows = await sql.query(`select action from audit_event where person_id in ($1, $2) and action like 'person.merge%'`, [
      a.id,
      b.id,
    ]);
    expect(rows.rows.map((r: { action: string }) => r.action).sort()).toEqual(['person.merge', 'person.merged_into']);
    expect((await sql.query('select 1 from person where id = $1', [b.id])).rowCount).toBe(1);
  });
});

describe('relatives, protection, professionals', () => {
  it('adds relatives with a trusted person, changes them with If-Match, archives instead of deleting', async () => {
    const p = await newPerson(coord, { birthName: 'Famille' });
    const r = await coord.req('POST', `/api/v1/people/${p.id}/relatives`, {
      body: {
        lastName: 'Famille',
        firstName: 'Claire',
        relationship: 'child',
        phone: '0612345678',
        isTrustedPerson: true,
        isEmergencyContact: true,
      },
    });
    expect(r.statusCode).toBe(201);
    const rel = r.json() as { id: string; version: number };
    const upd = await coord.req('PATCH', `/api/v1/people/${p.id}/relatives/${rel.id}`, {
      body: { phone: '0698765432' },
      headers: { 'if-match': `"${rel.version}"` },
    });
    expect(upd.json()).toMatchObject({ phone: '0698765432', isTrustedPerson: true });
    const arch = await coord.req('PATCH', `/api/v1/people/${p.id}/relatives/${rel.id}`, {
      body: { archived: true },
      headers: { 'if-match': `"${rel.version + 1}"` },
    });
    expect(arch.statusCode).toBe(200);
    expect(((await coord.req('GET', `/api/v1/people/${p.id}/relatives`)).json() as { items: unknown[] }).items).toEqual([]);
    expect((await sql.query('select 1 from person_relative where id = $1', [rel.id])).rowCount).toBe(1);
    await expect(t.server.deps.pool.query('delete from person_relative')).rejects.toThrow(/permission denied/);
  });

  it('checks dates of a protection measure and the RPPS of a professional', async () => {
    const p = await newPerson(coord, { birthName: 'Dates' });
    const bad = await coord.req('POST', `/api/v1/people/${p.id}/protections`, {
      body: { kind: 'curatelle', protectorName: 'UDAF 26', startDate: '2024-05-01', endDate: '2023-01-01' },
    });
    expect(bad.json()).toMatchObject({ errors: [{ path: 'body.endDate' }] });
    const doc = await coord.req('POST', `/api/v1/people/${p.id}/professionals`, {
      body: { kind: 'general_practitioner', name: 'Dr Martin', rpps: '123', isTreatingDoctor: true },
    });
    expect(doc.json()).toMatchObject({ errors: [{ path: 'body.rpps' }] });
  });
});

describe('caseload', () => {
  it('lists my people, my service and all I may see, with name search, filters and keyset pagination', async () => {
    const director = await as('director');
    for (let i = 0; i < 5; i++) await newPerson(coord, { birthName: `Liste${i}`, firstNames: 'Test', birthDate: `19${40 + i}-01-01` });
    await newPerson(director, { birthName: 'Autreservice', serviceId: serviceB });
    const mine = (await coord.req('POST', '/api/v1/people/search', { body: { scope: 'mine', q: 'liste', limit: 2 } })).json() as {
      items: { birthName: string }[];
      nextCursor: string;
    };
    expect(mine.items.map((i) => i.birthName)).toEqual(['Liste0', 'Liste1']);
    const next = (
      await coord.req('POST', '/api/v1/people/search', { body: { scope: 'mine', q: 'liste', limit: 2, cursor: mine.nextCursor } })
    ).json() as { items: { birthName: string }[] };
    expect(next.items.map((i) => i.birthName)).toEqual(['Liste2', 'Liste3']);
    const all = (await coord.req('POST', '/api/v1/people/search', { body: { scope: 'all', q: 'autreservice' } })).json() as {
      items: unknown[];
    };
    expect(all.items).toEqual([]);
    const dir = (await director.req('POST', '/api/v1/people/search', { body: { scope: 'all', q: 'autreservice' } })).json() as {
      items: unknown[];
    };
    expect(dir.items).toHaveLength(1);
    const byService = (
      await coord.req('POST', '/api/v1/people/search', { body: { scope: 'service', status: 'active', sort: 'updated', limit: 200 } })
    ).json() as { items: { serviceId: string }[] };
    expect(byService.items.every((i) => i.serviceId === serviceA)).toBe(true);

    // Latest changed first, with five records changed in the same transaction (same instant to
    // the microsecond): every page follows on without skipping one.
    await sql.query(`update person set updated_at = '2031-01-02 03:04:05.678912+00' where tenant_id = $1 and birth_name ilike 'liste%'`, [
      org.id,
    ]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await coord.req('POST', '/api/v1/people/search', { body: { scope: 'mine', q: 'liste', sort: 'updated', limit: 2, cursor } })
      ).json() as { items: { birthName: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.birthName));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(['Liste0', 'Liste1', 'Liste2', 'Liste3', 'Liste4']);
  });
});

describe('widening access, refused reads, same-day removal, access reports (SEC-AZ-03, SEC-AZ-06, SEC-LOG-02, FR-07)', () => {
  const stripIds = (b: Record<string, unknown>) => {
    const { correlationId: _c, instance: _i, ...rest } = b;
    return rest;
  };

  it('refuses a change of service or status to a care-team member without careteam.manage (403), record unchanged; a coordinator may', async () => {
    const p = await newPerson(coord, { birthName: 'Elargir', serviceId: serviceA });
    await coord.req('POST', `/api/v1/people/${p.id}/care-team`, {
      body: { userId: org.users.health_professional!.id, function: 'nurse', startDate: today() },
    });
    const nurse = await as('health_professional');
    const seen = await nurse.req('GET', `/api/v1/people/${p.id}`);
    expect(seen.statusCode).toBe(200);
    const v = (seen.json() as { version: number }).version;
    for (const body of [{ serviceId: serviceB }, { status: 'ended' }, { phone: '0475000009', serviceId: null }]) {
      const res = await nurse.req('PATCH', `/api/v1/people/${p.id}`, { body, headers: { 'if-match': `"${v}"` } });
      expect(res.statusCode, JSON.stringify(body)).toBe(403);
      expect((res.json() as { code: string }).code).toBe('forbidden');
    }
    const row = await sql.query('select service_id, status, phone, version from person where id = $1', [p.id]);
    expect(row.rows[0]).toEqual({ service_id: serviceA, status: 'active', phone: null, version: v });
    const denied = await sql.query(
      `select person_id, details from audit_event where action = 'person.update' and outcome = 'denied' and actor_user_id = $1 and person_id = $2`,
      [org.users.health_professional!.id, p.id],
    );
    expect(denied.rowCount).toBe(3);
    // The edit form sends the service and status as they are: unchanged values are not a change.
    const same = await nurse.req('PATCH', `/api/v1/people/${p.id}`, {
      body: { phone: '0475000009', serviceId: serviceA, status: 'active' },
      headers: { 'if-match': `"${v}"` },
    });
    expect(same.statusCode).toBe(200);
    const moved = await coord.req('PATCH', `/api/v1/people/${p.id}`, {
      body: { serviceId: serviceB, status: 'waiting' },
      headers: { 'if-match': `"${v + 1}"` },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ serviceId: serviceB, status: 'waiting' });
  });

  it('audits a refused read as denied, naming the person and the caller, with the same 404 as for nobody; the DPO filters them', async () => {
    const p = await newPerson(coord, { birthName: 'Sonde' });
    const nobody = '01890000-0000-7000-8000-000000000017';
    const nurse = await as('health_professional');
    const hidden = await nurse.req('GET', `/api/v1/people/${p.id}`);
    const missing = await nurse.req('GET', `/api/v1/people/${nobody}`);
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(stripIds(hidden.json() as Record<string, unknown>)).toEqual(stripIds(missing.json() as Record<string, unknown>));
    expect((await nurse.req('GET', `/api/v1/people/${p.id}/relatives`)).statusCode).toBe(404);
    const rows = await sql.query(
      `select person_id, resource_id, actor_user_id, actor_role, outcome, details->>'route' as route from audit_event
       where action = 'person.access_denied' and actor_user_id = $1 and resource_id in ($2, $3) order by id`,
      [org.users.health_professional!.id, p.id, nobody],
    );
    expect(rows.rows).toEqual([
      {
        person_id: p.id,
        resource_id: p.id,
        actor_user_id: org.users.health_professional!.id,
        actor_role: 'health_professional',
        outcome: 'denied',
        route: 'GET /api/v1/people/:personId',
      },
      {
        person_id: null,
        resource_id: nobody,
        actor_user_id: org.users.health_professional!.id,
        actor_role: 'health_professional',
        outcome: 'denied',
        route: 'GET /api/v1/people/:personId',
      },
      {
        person_id: p.id,
        resource_id: p.id,
        actor_user_id: org.users.health_professional!.id,
        actor_role: 'health_professional',
        outcome: 'denied',
        route: 'GET /api/v1/people/:personId/relatives',
      },
    ]);
    const dpo = await as('dpo');
    const list = await dpo.req('GET', `/api/v1/audit/events?outcome=denied&personId=${p.id}`);
    expect(list.statusCode).toBe(200);
    const items = (list.json() as { items: { action: string; actorUserId: string; personId: string; outcome: string }[] }).items;
    expect(items.map((i) => [i.action, i.actorUserId, i.personId, i.outcome])).toEqual([
      ['person.access_denied', org.users.health_professional!.id, p.id, 'denied'],
      ['person.access_denied', org.users.health_professional!.id, p.id, 'denied'],
    ]);
    const ok = (await dpo.req('GET', `/api/v1/audit/events?outcome=success&personId=${p.id}`)).json() as { items: { outcome: string }[] };
    expect(ok.items.length).toBeGreaterThan(0);
    expect(ok.items.every((i) => i.outcome === 'success')).toBe(true);
  });

  it('loses access at the next request when removed from the care team today (SEC-AZ-06)', async () => {
    const p = await newPerson(coord, { birthName: 'Retrait' });
    const add = (
      await coord.req('POST', `/api/v1/people/${p.id}/care-team`, {
        body: { userId: org.users.social_worker!.id, function: 'social_worker', startDate: today() },
      })
    ).json() as { id: string; version: number };
    const sw = await as('social_worker');
    expect((await sw.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(200);
    const end = await coord.req('PATCH', `/api/v1/people/${p.id}/care-team/${add.id}`, {
      body: { endDate: today() },
      headers: { 'if-match': `"${add.version}"` },
    });
    expect(end.statusCode).toBe(200);
    expect(end.json()).toMatchObject({ endDate: today(), active: false });
    expect((await sw.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(404);
    expect((await sw.req('GET', `/api/v1/people/${p.id}/care-team`)).statusCode).toBe(404);
    const search = (await sw.req('POST', '/api/v1/people/search', { body: { q: 'Retrait' } })).json() as { items: unknown[] };
    expect(search.items).toEqual([]);
    // Taken back the same day: a new membership, effective at once.
    const again = await coord.req('POST', `/api/v1/people/${p.id}/care-team`, {
      body: { userId: org.users.social_worker!.id, function: 'social_worker', startDate: today() },
    });
    expect(again.statusCode).toBe(201);
    expect((await sw.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(200);
  });

  it('keeps access reports to the DPO; the audit list shows an administrator no person', async () => {
    const p = await newPerson(coord, { birthName: 'Rapport' });
    await coord.req('GET', `/api/v1/people/${p.id}`);
    const admin = await as('admin');
    for (const url of [`/api/v1/access/dpo/people/${p.id}/access-report`, `/api/v1/access/dpo/people/${p.id}/access-report.pdf`]) {
      const res = await admin.req('GET', url);
      expect(res.statusCode, url).toBe(403);
      expect((res.json() as { code: string }).code).toBe('forbidden');
    }
    const dpo = await as('dpo');
    expect((await dpo.req('GET', `/api/v1/access/dpo/people/${p.id}/access-report`)).statusCode).toBe(200);

    const byPerson = await admin.req('GET', `/api/v1/audit/events?personId=${p.id}`);
    expect(byPerson.statusCode).toBe(403);
    expect((byPerson.json() as { code: string }).code).toBe('forbidden');
    const reads = (await admin.req('GET', '/api/v1/audit/events?action=person.&limit=200')).json() as {
      items: { action: string; personId: string | null; resourceId: string | null }[];
    };
    expect(reads.items.some((i) => i.action === 'person.read')).toBe(true);
    expect(reads.items.every((i) => i.personId === null && i.resourceId === null)).toBe(true);
    expect(JSON.stringify(reads)).not.toContain(p.id);
    const csv = await admin.req('GET', '/api/v1/audit/events/export?action=person.');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(p.id);
    const forDpo = (await dpo.req('GET', `/api/v1/audit/events?personId=${p.id}&action=person.read`)).json() as {
      items: { personId: string; resourceId: string }[];
    };
    expect(forDpo.items[0]).toMatchObject({ personId: p.id, resourceId: p.id });
  });

  it('shows an external partner only their own entries of the access report, naming no one else', async () => {
    const p = await newPerson(coord, { birthName: 'Partenaire' });
    await coord.req('POST', `/api/v1/people/${p.id}/care-team`, {
      body: { userId: org.users.external_partner!.id, function: 'nurse', startDate: today() },
    });
    await coord.req('POST', `/api/v1/people/${p.id}/consents`, {
      body: {
        decision: 'consent',
        informedAt: today(),
        method: 'written',
        infoCategories: ['administrative', 'health'],
        professionalCategories: ['health'],
        means: ['shared_record'],
        securityMeasuresExplained: true,
        copyGiven: true,
        givenBy: 'person',
      },
    });
    await coord.req('GET', `/api/v1/people/${p.id}`);
    const partner = await as('external_partner');
    expect((await partner.req('GET', `/api/v1/people/${p.id}`)).statusCode).toBe(200);
    const res = await partner.req('GET', `/api/v1/people/${p.id}/access-report`);
    expect(res.statusCode).toBe(200);
    const report = res.json() as { entries: { who: string; action: string }[] };
    const partnerName = `external_partner ${org.id.slice(-4)}`;
    expect(report.entries.length).toBeGreaterThan(0);
    expect(report.entries.every((e) => e.who === partnerName)).toBe(true);
    expect(report.entries.some((e) => e.action === 'person.read')).toBe(true);
    expect(JSON.stringify(report)).not.toContain(`coordinator ${org.id.slice(-4)}`);
    const pdf = await partner.req('GET', `/api/v1/people/${p.id}/access-report.pdf`);
    expect(pdf.statusCode).toBe(200);
    // The care team keeps the whole report.
    const full = (await coord.req('GET', `/api/v1/people/${p.id}/access-report`)).json() as { entries: { who: string }[] };
    expect(full.entries.some((e) => e.who === `coordinator ${org.id.slice(-4)}`)).toBe(true);
  });
});
