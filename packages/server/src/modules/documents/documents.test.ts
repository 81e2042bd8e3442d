import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import { fakeExe, multipart, tinyPdf, tinyPng, tinyZip, type FormPart } from './fixtures.ts';

const MiB = 1024 * 1024;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
let db: pg.Client;
let ipSeq = 0;

beforeAll(async () => {
  t = await startTestApp();
  db = new pg.Client({ connectionString: t.adminUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

async function as(org: TestOrg, role: keyof TestOrg['users']): Promise<Client> {
  return login(t.app, org.users[role]!.email, undefined, `10.40.${ipSeq++}.1`);
}

async function newPerson(c: Client, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await c.req('POST', '/api/v1/people', {
    body: { birthName: 'Durand', firstNames: 'Jeanne', sex: 'female', birthDate: '1940-03-12', duplicatesReviewed: true, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function addToTeam(c: Client, personId: string, userId: string, fn: string) {
  const res = await c.req('POST', `/api/v1/people/${personId}/care-team`, { body: { userId, function: fn, startDate: day(0) } });
  expect(res.statusCode, res.body).toBe(201);
}

interface UploadOpts {
  type?: string;
  title?: string;
  validUntil?: string;
  data?: Buffer;
  filename?: string;
  contentType?: string;
  idempotencyKey?: string;
  extra?: FormPart[];
}

function upload(c: Client, personId: string, o: UploadOpts = {}) {
  const fields: FormPart[] = [{ name: 'type', value: o.type ?? 'identity' }];
  if (o.title !== undefined) fields.push({ name: 'title', value: o.title });
  if (o.validUntil !== undefined) fields.push({ name: 'validUntil', value: o.validUntil });
  const form = multipart([
    ...fields,
    ...(o.extra ?? []),
    { name: 'file', filename: o.filename ?? 'piece.pdf', contentType: o.contentType ?? 'application/pdf', data: o.data ?? tinyPdf() },
  ]);
  return c.req('POST', `/api/v1/people/${personId}/documents`, {
    body: form.payload,
    headers: { ...form.headers, ...(o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {}) },
  });
}

/** Every file under the tenant's folder of the local store, temporary ones included. */
async function storedFiles(tenantId: string): Promise<string[]> {
  const root = path.join(t.server.deps.config.dataDir, 'files', tenantId);
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function documentRows(personId: string): Promise<number> {
  const r = await db.query('select count(*)::int as n from person_document where person_id = $1', [personId]);
  return r.rows[0].n;
}

describe('uploading and downloading a document (SEC-VAL-08, SEC-AZ-09)', () => {
  let org: TestOrg;
  let coord: Client;
  let personId: string;

  beforeAll(async () => {
    org = await createOrg(t, { roles: ['coordinator'] });
    coord = await as(org, 'coordinator');
    personId = await newPerson(coord);
  });

  it('stores a PDF whole and gives back the same bytes as an attachment, audited', async () => {
    const pdf = tinyPdf('Carte vitale');
    const name = 'Attestation Vitale — Élise Ñoël.pdf';
    const res = await upload(coord, personId, {
      type: 'health_insurance',
      title: 'Attestation de droits',
      validUntil: day(300),
      data: pdf,
      filename: name,
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      personId,
      type: 'health_insurance',
      category: 'administrative',
      title: 'Attestation de droits',
      fileName: name,
      mediaType: 'application/pdf',
      size: pdf.length,
      sha256: sha(pdf),
      validUntil: day(300),
      expired: false,
      archivedAt: null,
      version: 1,
      can: { download: true, archive: true },
    });
    expect(doc).not.toHaveProperty('storageKey');
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/people/${personId}/documents/${doc.id}`);

    // The file sits under a server-made name, whole, with no temporary file left.
    const row = (await db.query('select storage_key, sha256, size_bytes from person_document where id = $1', [doc.id])).rows[0];
    expect(row.storage_key).toMatch(new RegExp(`^${org.id}/\\d{4}/\\d{2}/[0-9a-f-]{36}$`));
    expect(row.sha256).toBe(sha(pdf));
    expect(Number(row.size_bytes)).toBe(pdf.length);
    const files = await storedFiles(org.id);
    expect(files).toEqual([path.join(t.server.deps.config.dataDir, 'files', ...row.storage_key.split('/'))]);

    const dl = await coord.req('GET', `/api/v1/people/${personId}/documents/${doc.id}/content`);
    expect(dl.statusCode).toBe(200);
    expect(Buffer.compare(dl.rawPayload, pdf)).toBe(0);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-length']).toBe(String(pdf.length));
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['cache-control']).toBe('no-store');
    const cd = String(dl.headers['content-disposition']);
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(cd).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(cd).toContain('filename="Attestation Vitale _ Elise Noel.pdf"');

    const audit = await db.query(
      `select action, person_id, info_category, actor_user_id from audit_event where resource_id = $1 order by id`,
      [doc.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['document.create', 'document.download']);
    expect(audit.rows[1]).toMatchObject({ person_id: personId, info_category: 'administrative', actor_user_id: org.users.coordinator!.id });
  });

  it('accepts a real PNG whatever its declared type, and records the type found in the content', async () => {
    const png = tinyPng();
    const res = await upload(coord, personId, {
      type: 'proof_of_address',
      data: png,
      filename: 'facture EDF',
      contentType: 'application/octet-stream',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ mediaType: 'image/png', title: 'facture EDF', size: png.length, sha256: sha(png) });
    const dl = await coord.req('GET', `/api/v1/people/${personId}/documents/${res.json().id}/content`);
    expect(Buffer.compare(dl.rawPayload, png)).toBe(0);
    expect(dl.headers['content-type']).toBe('image/png');
    // The download name carries the extension of the real type.
    expect(dl.headers['content-disposition']).toContain(`filename*=UTF-8''facture%20EDF.png`);
  });

  it.each([
    ['an executable renamed .pdf', fakeExe(), 'scan.pdf', 'application/pdf'],
    [
      'an HTML page renamed .pdf',
      Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
      'ordonnance.pdf',
      'application/pdf',
    ],
    ['a ZIP archive', tinyZip(), 'pieces.zip', 'application/zip'],
    ['an SVG image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.png', 'image/png'],
  ])('refuses %s with 415 and an error on the file field, keeping nothing', async (_what, data, filename, contentType) => {
    const before = await storedFiles(org.id);
    const rows = await documentRows(personId);
    const res = await upload(coord, personId, { data, filename, contentType });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body.file', code: 'file_type_not_allowed' })]);
    expect(await storedFiles(org.id)).toEqual(before);
    expect(await documentRows(personId)).toBe(rows);
  });

  it('refuses a file over the size limit (10 MiB) with 413, keeping nothing', async () => {
    const before = await storedFiles(org.id);
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(10 * MiB)]);
    const res = await upload(coord, personId, { data: big });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large', errors: [{ path: 'body.file', code: 'too_large' }] });
    expect(await storedFiles(org.id)).toEqual(before);
  });

  it('accepts a file of exactly the limit', async () => {
    const pdf = tinyPdf();
    const exact = Buffer.concat([pdf, Buffer.alloc(10 * MiB - pdf.length, 0x20)]);
    const res = await upload(coord, personId, { data: exact, type: 'other' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ size: 10 * MiB, sha256: sha(exact) });
  });

  it('refuses an unknown document type with 400 naming the field, keeping nothing', async () => {
    const before = await storedFiles(org.id);
    const res = await upload(coord, personId, { type: 'passport' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body.type' })]);
    expect(await storedFiles(org.id)).toEqual(before);
  });

  it('refuses unknown or repeated fields, a bad date, a missing file, two files and a JSON body', async () => {
    const extra = await upload(coord, personId, { extra: [{ name: 'tenantId', value: org.id }] });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors[0].path).toBe('body.tenantId');

    const date = await upload(coord, personId, { validUntil: '31/12/2030' });
    expect(date.statusCode).toBe(400);
    expect(date.json().errors[0].path).toBe('body.validUntil');

    const noFile = multipart([{ name: 'type', value: 'identity' }]);
    const r1 = await coord.req('POST', `/api/v1/people/${personId}/documents`, { body: noFile.payload, headers: noFile.headers });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().errors[0]).toMatchObject({ path: 'body.file', code: 'required' });

    const before = await storedFiles(org.id);
    const two = multipart([
      { name: 'type', value: 'identity' },
      { name: 'file', filename: 'a.pdf', data: tinyPdf() },
      { name: 'file', filename: 'b.pdf', data: tinyPdf() },
    ]);
    const r2 = await coord.req('POST', `/api/v1/people/${personId}/documents`, { body: two.payload, headers: two.headers });
    expect(r2.statusCode).toBe(400);
    expect(await storedFiles(org.id)).toEqual(before);

    const twice = await upload(coord, personId, { extra: [{ name: 'type', value: 'other' }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0]).toMatchObject({ path: 'body.type', code: 'duplicate_field' });
    const proto = await upload(coord, personId, { extra: [{ name: 'toString', value: 'x' }] });
    expect(proto.statusCode).toBe(400);
    expect(proto.json().errors[0]).toMatchObject({ code: 'forbidden_key' });

    const json = await coord.req('POST', `/api/v1/people/${personId}/documents`, { body: { type: 'identity' } });
    expect(json.statusCode).toBe(415);
  });

  it('creates one document for a repeated Idempotency-Key, and refuses the key with another file', async () => {
    const rows = await documentRows(personId);
    const files = (await storedFiles(org.id)).length;
    const pdf = tinyPdf('idempotent');
    const first = await upload(coord, personId, { data: pdf, idempotencyKey: 'upload-key-0001' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await upload(coord, personId, { data: pdf, idempotencyKey: 'upload-key-0001' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(await documentRows(personId)).toBe(rows + 1);
    expect((await storedFiles(org.id)).length).toBe(files + 1);

    const other = await upload(coord, personId, { data: tinyPdf('another'), idempotencyKey: 'upload-key-0001' });
    expect(other.statusCode).toBe(422);
    expect(await documentRows(personId)).toBe(rows + 1);
    expect((await storedFiles(org.id)).length).toBe(files + 1);
  });
});

describe('who may see which document (FR-01, FR-05, SEC-AZ-03)', () => {
  let org: TestOrg;
  let other: TestOrg;
  let coord: Client;
  let nurse: Client;
  let social: Client;
  let personId: string;
  let identityId: string;
  let reportId: string;

  beforeAll(async () => {
    org = await createOrg(t, { roles: ['coordinator', 'health_professional', 'social_worker'] });
    other = await createOrg(t, { roles: ['coordinator'] });
    coord = await as(org, 'coordinator');
    nurse = await as(org, 'health_professional');
    social = await as(org, 'social_worker');
    personId = await newPerson(coord);
    await addToTeam(coord, personId, org.users.health_professional!.id, 'nurse');
    await addToTeam(coord, personId, org.users.social_worker!.id, 'social_worker');
    const id = await upload(coord, personId, { type: 'identity' });
    expect(id.statusCode, id.body).toBe(201);
    identityId = id.json().id;
    const rep = await upload(nurse, personId, { type: 'medical_report', title: 'Compte rendu d’hospitalisation', data: tinyPdf('CRH') });
    expect(rep.statusCode, rep.body).toBe(201);
    expect(rep.json().category).toBe('health');
    reportId = rep.json().id;
  });

  it('lets the nurse of the care team list and download the health document', async () => {
    const list = await nurse.req('GET', `/api/v1/people/${personId}/documents`);
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .items.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([identityId, reportId].sort());
    expect((await nurse.req('GET', `/api/v1/people/${personId}/documents/${reportId}/content`)).statusCode).toBe(200);
  });

  it('hides a health document from the social worker of the care team: absent from the list, 404 on download', async () => {
    const list = await social.req('GET', `/api/v1/people/${personId}/documents`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { id: string }) => d.id)).toEqual([identityId]);
    const dl = await social.req('GET', `/api/v1/people/${personId}/documents/${reportId}/content`);
    expect(dl.statusCode).toBe(404);
    expect(dl.headers['content-type']).toContain('application/problem+json');
    expect((await social.req('GET', `/api/v1/people/${personId}/documents/${reportId}`)).statusCode).toBe(404);
    expect((await social.req('GET', `/api/v1/people/${personId}/documents/${identityId}/content`)).statusCode).toBe(200);
    // Nor can they file one, and the file they sent is not kept.
    const before = await storedFiles(org.id);
    expect((await upload(social, personId, { type: 'prescription' })).statusCode).toBe(404);
    expect(await storedFiles(org.id)).toEqual(before);
  });

  it('audits the list as a read with the categories returned', async () => {
    await social.req('GET', `/api/v1/people/${personId}/documents`);
    const r = await db.query(
      `select info_category, details from audit_event where action = 'document.read' and person_id = $1 and actor_user_id = $2 order by id desc limit 1`,
      [personId, org.users.social_worker!.id],
    );
    expect(r.rows[0]).toMatchObject({ info_category: 'administrative', details: { count: 1, categories: ['social', 'administrative'] } });
  });

  it('answers 404 to a nurse outside the care team, for the list, the file and an upload', async () => {
    const p2 = await newPerson(coord, { birthName: 'Lefebvre', firstNames: 'Marcel' });
    const doc = (await upload(coord, p2, { type: 'identity' })).json();
    const outsider = nurse; // in the care team of the first person, not of this one
    expect((await outsider.req('GET', `/api/v1/people/${p2}/documents`)).statusCode).toBe(404);
    expect((await outsider.req('GET', `/api/v1/people/${p2}/documents/${doc.id}/content`)).statusCode).toBe(404);
    expect((await outsider.req('GET', `/api/v1/people/${p2}/documents/checklist`)).statusCode).toBe(404);
    const before = await storedFiles(org.id);
    expect((await upload(outsider, p2, { type: 'prescription' })).statusCode).toBe(404);
    expect(await storedFiles(org.id)).toEqual(before);
  });

  it("answers 404 for another organisation's person and document", async () => {
    const foreign = await as(other, 'coordinator');
    expect((await foreign.req('GET', `/api/v1/people/${personId}/documents`)).statusCode).toBe(404);
    expect((await foreign.req('GET', `/api/v1/people/${personId}/documents/${identityId}/content`)).statusCode).toBe(404);
    expect((await foreign.req('GET', `/api/v1/people/${personId}/documents/${identityId}`)).statusCode).toBe(404);
    expect(
      (
        await foreign.req('POST', `/api/v1/people/${personId}/documents/${identityId}/archive`, {
          body: { reason: 'test' },
          headers: { 'if-match': '"1"' },
        })
      ).statusCode,
    ).toBe(404);
    // Even with one of their own people in the URL, another tenant's document id is not found.
    const theirs = await newPerson(foreign);
    expect((await foreign.req('GET', `/api/v1/people/${theirs}/documents/${identityId}/content`)).statusCode).toBe(404);
  });
});

describe('archiving (REL-05, DESIGN.md §4.5)', () => {
  let org: TestOrg;
  let coord: Client;
  let personId: string;

  beforeAll(async () => {
    org = await createOrg(t, { roles: ['coordinator'] });
    coord = await as(org, 'coordinator');
    personId = await newPerson(coord);
  });

  it('needs If-Match (428), refuses a stale one (412 with the current state), then archives with the reason', async () => {
    const doc = (await upload(coord, personId, { type: 'tax_notice' })).json();
    expect(doc.category).toBe('social');
    const url = `/api/v1/people/${personId}/documents/${doc.id}/archive`;
    const missing = await coord.req('POST', url, { body: { reason: 'Avis remplacé' } });
    expect(missing.statusCode).toBe(428);
    const stale = await coord.req('POST', url, { body: { reason: 'Avis remplacé' }, headers: { 'if-match': '"7"' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current).toMatchObject({ id: doc.id, version: 1, archivedAt: null });
    const noReason = await coord.req('POST', url, { body: {}, headers: { 'if-match': '"1"' } });
    expect(noReason.statusCode).toBe(400);

    const ok = await coord.req('POST', url, { body: { reason: 'Avis remplacé par celui de 2025' }, headers: { 'if-match': '"1"' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ version: 2, archiveReason: 'Avis remplacé par celui de 2025', can: { archive: false } });
    expect(ok.json().archivedAt).toEqual(expect.any(String));

    const again = await coord.req('POST', url, { body: { reason: 'encore' }, headers: { 'if-match': '"2"' } });
    expect([again.statusCode, (again.json() as { code: string }).code]).toEqual([409, 'document.already_archived']);

    const list = await coord.req('GET', `/api/v1/people/${personId}/documents`);
    expect(list.json().items.map((d: { id: string }) => d.id)).not.toContain(doc.id);
    const all = await coord.req('GET', `/api/v1/people/${personId}/documents?includeArchived=true`);
    expect(all.json().items.map((d: { id: string }) => d.id)).toContain(doc.id);
    // The file is kept and still downloadable.
    expect((await coord.req('GET', `/api/v1/people/${personId}/documents/${doc.id}/content`)).statusCode).toBe(200);
  });

  it('gives the application role no way to delete a document, and forces RLS on the table', async () => {
    const r = await db.query(`select has_table_privilege('maillon_app', 'person_document', 'DELETE') as del,
      has_table_privilege('maillon_app', 'person_document', 'TRUNCATE') as trunc,
      (select relforcerowsecurity and relrowsecurity from pg_class where relname = 'person_document') as forced`);
    expect(r.rows[0]).toEqual({ del: false, trunc: false, forced: true });
  });
});

describe('required-documents checklist', () => {
  let org: TestOrg;
  let coord: Client;
  let admin: Client;
  let social: Client;

  beforeAll(async () => {
    org = await createOrg(t, { roles: ['admin', 'coordinator', 'social_worker'] });
    coord = await as(org, 'coordinator');
    admin = await as(org, 'admin');
    social = await as(org, 'social_worker');
  });

  const statuses = async (personId: string) => {
    const res = await coord.req('GET', `/api/v1/people/${personId}/documents/checklist`);
    expect(res.statusCode, res.body).toBe(200);
    return Object.fromEntries(res.json().items.map((i: { type: string; status: string }) => [i.type, i.status]));
  };

  it('goes from missing to present as documents arrive, and shows expired ones', async () => {
    const personId = await newPerson(coord);
    expect(await statuses(personId)).toEqual({ identity: 'missing', health_insurance: 'missing', proof_of_address: 'missing' });

    const expiredId = (await upload(coord, personId, { type: 'identity', validUntil: day(-1) })).json().id;
    await upload(coord, personId, { type: 'health_insurance', validUntil: day(0) });
    await upload(coord, personId, { type: 'proof_of_address' });
    expect(await statuses(personId)).toEqual({ identity: 'expired', health_insurance: 'present', proof_of_address: 'present' });

    const res = await coord.req('GET', `/api/v1/people/${personId}/documents/checklist`);
    const identity = res.json().items.find((i: { type: string }) => i.type === 'identity');
    expect(identity).toMatchObject({ requiredBy: 'organisation', category: 'administrative', document: { id: expiredId, expired: true } });

    const renewed = (await upload(coord, personId, { type: 'identity', validUntil: day(3650) })).json();
    const after = await coord.req('GET', `/api/v1/people/${personId}/documents/checklist`);
    expect(after.json().items.find((i: { type: string }) => i.type === 'identity')).toMatchObject({
      status: 'present',
      document: { id: renewed.id },
    });

    // Archiving the only valid one brings back the expired state.
    await coord.req('POST', `/api/v1/people/${personId}/documents/${renewed.id}/archive`, {
      body: { reason: 'erreur de personne' },
      headers: { 'if-match': '"1"' },
    });
    expect((await statuses(personId)).identity).toBe('expired');
  });

  it('shows the defaults (version 0), saves a list with If-Match, and refuses a stale save', async () => {
    const get = await coord.req('GET', '/api/v1/documents/checklist');
    expect(get.statusCode).toBe(200);
    expect(get.json().items[0]).toEqual({
      serviceId: null,
      serviceName: null,
      types: ['identity', 'health_insurance', 'proof_of_address'],
      isDefault: true,
      version: 0,
    });

    const body = { serviceId: null, types: ['identity', 'tax_notice'] };
    expect((await admin.req('PUT', '/api/v1/documents/checklist', { body })).statusCode).toBe(428);
    expect((await social.req('PUT', '/api/v1/documents/checklist', { body, headers: { 'if-match': '"0"' } })).statusCode).toBe(403);
    const saved = await admin.req('PUT', '/api/v1/documents/checklist', { body, headers: { 'if-match': '"0"' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ types: ['identity', 'tax_notice'], isDefault: false, version: 1 });
    expect(saved.headers.etag).toBe('"1"');
    const stale = await admin.req('PUT', '/api/v1/documents/checklist', {
      body: { serviceId: null, types: [] },
      headers: { 'if-match': '"0"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current).toMatchObject({ version: 1, types: ['identity', 'tax_notice'] });
    const dup = await admin.req('PUT', '/api/v1/documents/checklist', {
      body: { serviceId: null, types: ['identity', 'identity'] },
      headers: { 'if-match': '"1"' },
    });
    expect(dup.statusCode).toBe(400);
    const unknownService = await admin.req('PUT', '/api/v1/documents/checklist', {
      body: { serviceId: '01900000-0000-7000-8000-000000000000', types: [] },
      headers: { 'if-match': '"0"' },
    });
    expect(unknownService.statusCode).toBe(400);
    expect(unknownService.json().errors[0].path).toBe('body.serviceId');

    const personId = await newPerson(coord);
    expect(await statuses(personId)).toEqual({ identity: 'missing', tax_notice: 'missing' });
    const audit = await db.query(
      `select purpose, actor_user_id from audit_event where action = 'document_checklist.update' and tenant_id = $1`,
      [org.id],
    );
    expect(audit.rows).toEqual([{ purpose: 'admin', actor_user_id: org.users.admin!.id }]);
  });

  it("adds the service's list (APA notification by default in a SAAD) for a person of that service", async () => {
    const serviceId = '01900000-0000-7000-8000-' + org.id.slice(-12);
    await db.query(`insert into service (id, tenant_id, name, kind) values ($1, $2, 'SAAD Drôme Nord', 'saad')`, [serviceId, org.id]);
    const get = await coord.req('GET', '/api/v1/documents/checklist');
    expect(get.json().items).toContainEqual({
      serviceId,
      serviceName: 'SAAD Drôme Nord',
      types: ['apa_notification'],
      isDefault: true,
      version: 0,
    });

    const personId = await newPerson(coord, { serviceId });
    const res = await coord.req('GET', `/api/v1/people/${personId}/documents/checklist`);
    expect(res.json().items).toContainEqual(
      expect.objectContaining({ type: 'apa_notification', requiredBy: 'service', category: 'social', status: 'missing' }),
    );
    await upload(coord, personId, { type: 'apa_notification' });
    expect((await statuses(personId)).apa_notification).toBe('present');
  });

  it('leaves out required types whose category the caller may not read', async () => {
    const current = (await coord.req('GET', '/api/v1/documents/checklist')).json().items[0];
    const put = await admin.req('PUT', '/api/v1/documents/checklist', {
      body: { serviceId: null, types: ['identity', 'medical_report'] },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(put.statusCode, put.body).toBe(200);
    const personId = await newPerson(coord);
    const res = await coord.req('GET', `/api/v1/people/${personId}/documents/checklist`);
    expect(res.json().items.map((i: { type: string }) => i.type)).toEqual(['identity']);
  });
});

describe('API description', () => {
  it('lists the documents routes in the OpenAPI document, the upload as multipart', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/people/{personId}/documents',
        '/api/v1/people/{personId}/documents/checklist',
        '/api/v1/people/{personId}/documents/{id}/content',
        '/api/v1/people/{personId}/documents/{id}/archive',
        '/api/v1/documents/checklist',
      ]),
    );
    expect(paths['/api/v1/people/{personId}/documents/{id}/content']).not.toHaveProperty('head');
    const form = paths['/api/v1/people/{personId}/documents'].post.requestBody.content['multipart/form-data'].schema;
    expect(form.required).toEqual(expect.arrayContaining(['file', 'type']));
    expect(form.properties.file).toMatchObject({ type: 'string', format: 'binary' });
  });
});
