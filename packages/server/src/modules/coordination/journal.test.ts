import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  journalEntrySchema,
  journalHandoverSchema,
  journalHistorySchema,
  journalPageSchema,
  type JournalEntry,
  type JournalEvent,
  type JournalHandover,
  type JournalHistory,
  type JournalPage,
  type JournalUnread,
} from '@maillon/shared/coordination';
import { startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import * as make from '../../../test/factories.ts';
import { pdfText } from '../../../test/pdf-text.ts';

let t: TestApp;
let org: TestOrg;
let sql: pg.Client;
let admin: Client;
let coord: Client;
let director: Client;
let nurse: Client;
let social: Client;
let care: Client;
let partner: Client;
/** A person whose care team holds the nurse, the social worker, the care assistant and the hospital partner, with consent for health professionals. */
let P: string;
/** Same care team, no consent recorded: the partner may neither read nor write. */
let Q: string;

const u = (role: keyof TestOrg['users']) => org.users[role]!.id;
const as = (role: keyof TestOrg['users']) => make.asRole(t, org, role, '10.61.0.1');

async function write(c: Client, personId: string, body: Record<string, unknown>): Promise<JournalEntry> {
  return make.expectStatus<JournalEntry>(await c.req('POST', `/api/v1/people/${personId}/journal`, { body }), 201, 'write entry');
}
async function timeline(c: Client, personId: string, query = ''): Promise<JournalPage> {
  const res = await c.req('GET', `/api/v1/people/${personId}/journal${query}`);
  return journalPageSchema.parse(make.expectStatus(res, 200, 'timeline'));
}
const ids = (p: { items: { id: string }[] }) => p.items.map((e) => e.id);

beforeAll(async () => {
  t = await startTestApp();
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  org = await make.organisation(t, {
    roles: ['admin', 'coordinator', 'director', 'health_professional', 'social_worker', 'care_staff', 'external_partner'],
  });
  admin = await as('admin');
  await make.setProfession(admin, org.users.coordinator!.membershipId, 'coordinating_nurse');
  await make.setProfession(admin, org.users.care_staff!.membershipId, 'care_assistant');
  await make.setProfession(admin, org.users.external_partner!.membershipId, 'nurse', 'CH de Valence');
  coord = await as('coordinator');
  director = await as('director');
  nurse = await as('health_professional');
  social = await as('social_worker');
  care = await as('care_staff');
  partner = await as('external_partner');
  const team = [
    { userId: u('health_professional'), function: 'nurse' },
    { userId: u('social_worker'), function: 'social_worker' },
    { userId: u('care_staff'), function: 'care_assistant' },
    { userId: u('external_partner'), function: 'nurse' },
  ];
  P = await make.person(coord, { birthName: 'Chabert', firstNames: 'Odette', careTeam: team, healthConsent: true });
  Q = await make.person(coord, { birthName: 'Morel', firstNames: 'Lucien', careTeam: team });
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('need-to-know (issue 20 item 2)', () => {
  let health: JournalEntry;
  let socialEntry: JournalEntry;
  beforeAll(async () => {
    health = await write(care, P, {
      kind: 'transmission',
      target: {
        cible: 'Douleur',
        data: 'Douleur à l’épaule droite, EVA 6',
        actions: 'Paracétamol donné',
        results: 'EVA 3 une heure après',
      },
    });
    socialEntry = await write(social, P, { kind: 'interview_report', text: 'Dossier APA à renouveler avant la fin du mois.' });
  });

  it('gives an entry the category of its author’s profession and kind', () => {
    expect(health.category).toBe('health');
    expect(socialEntry.category).toBe('social');
    expect(journalEntrySchema.parse(health).author).toMatchObject({ id: u('care_staff'), profession: 'care_assistant' });
    expect(health.target).toEqual({
      cible: 'Douleur',
      data: 'Douleur à l’épaule droite, EVA 6',
      actions: 'Paracétamol donné',
      results: 'EVA 3 une heure après',
    });
  });

  it('shows each reader exactly the categories they may read for that person', async () => {
    const seen = async (c: Client) => new Set(ids(await timeline(c, P)).filter((id) => id === health.id || id === socialEntry.id));
    expect(await seen(nurse)).toEqual(new Set([health.id, socialEntry.id]));
    expect(await seen(coord)).toEqual(new Set([health.id, socialEntry.id]));
    expect(await seen(care)).toEqual(new Set([health.id]));
    expect(await seen(social)).toEqual(new Set([socialEntry.id]));
    expect(await seen(director)).toEqual(new Set([socialEntry.id]));
    // The partner reads what the consent shares with health professionals: health, not social.
    expect(await seen(partner)).toEqual(new Set([health.id]));
  });

  it('answers 404 for an entry of a category the caller may not read, and audits the refusal', async () => {
    make.expectProblem(await social.req('GET', `/api/v1/journal/entries/${health.id}`), 404, 'not_found');
    const rows = await sql.query(
      `select action, outcome, person_id from audit_event where resource_id = $1 and actor_user_id = $2 and outcome = 'denied'`,
      [health.id, u('social_worker')],
    );
    expect(rows.rows).toEqual([{ action: 'journal.denied', outcome: 'denied', person_id: P }]);
  });

  it('answers 404 to a partner about a person who did not consent, for reading and for writing', async () => {
    make.expectProblem(await partner.req('GET', `/api/v1/people/${Q}/journal`), 404, 'not_found');
    make.expectProblem(
      await partner.req('POST', `/api/v1/people/${Q}/journal`, { body: { kind: 'partner_information', text: 'Sortie prévue jeudi.' } }),
      404,
      'not_found',
    );
  });

  it('lets a partner write about a person who consented, in a category the consent covers', async () => {
    const e = await write(partner, P, { kind: 'partner_information', text: 'Sortie d’hospitalisation prévue jeudi, ordonnance faxée.' });
    expect(e.category).toBe('health');
    make.expectProblem(
      await partner.req('POST', `/api/v1/people/${P}/journal`, { body: { kind: 'partner_information', category: 'social', text: 'x' } }),
      403,
      'journal.category_not_allowed',
    );
    expect(ids(await timeline(nurse, P))).toContain(e.id);
  });

  it('audits every read of a person’s journal as a read of the record', async () => {
    await timeline(nurse, P);
    const rows = await sql.query(
      `select info_category, purpose from audit_event where action = 'journal.read' and person_id = $1 and actor_user_id = $2 order by id desc limit 1`,
      [P, u('health_professional')],
    );
    expect(rows.rows).toEqual([{ info_category: 'health', purpose: 'care' }]);
  });

  it('lets an emergency access read the journal but never write it', async () => {
    const { client: other, member } = await make.member(t, org, admin, {
      role: 'health_professional',
      profession: 'nurse',
      displayName: 'Infirmière de garde',
    });
    make.expectProblem(await other.req('GET', `/api/v1/people/${P}/journal`), 404, 'not_found');
    const open = await other.req('POST', `/api/v1/people/${P}/break-glass`, {
      body: { reasonCode: 'medical_emergency', reasonText: 'Chute à domicile, appel du SAMU' },
    });
    expect(open.statusCode).toBe(201);
    expect(ids(await timeline(other, P))).toContain(health.id);
    make.expectProblem(
      await other.req('POST', `/api/v1/people/${P}/journal`, { body: { kind: 'observation', text: 'Vu aux urgences.' } }),
      403,
      'journal.read_only',
    );
    const denied = await sql.query(
      `select count(*)::int as n from audit_event where actor_user_id = $1 and action = 'journal.denied' and outcome = 'denied'`,
      [member.userId],
    );
    expect(denied.rows[0].n).toBe(1);
  });

  it('refuses a link to another person’s referral or an attachment that is not theirs with 422', async () => {
    make.expectProblem(
      await nurse.req('POST', `/api/v1/people/${P}/journal`, {
        body: { kind: 'observation', text: 'x', links: { assessmentId: '0190a0a0-0000-7000-8000-000000000000' } },
      }),
      422,
      'journal.link_not_found',
    );
    make.expectProblem(
      await nurse.req('POST', `/api/v1/people/${P}/journal`, {
        body: { kind: 'observation', text: 'x', attachmentIds: ['0190a0a0-0000-7000-8000-000000000000'] },
      }),
      422,
      'journal.attachment_not_found',
    );
  });
});

describe('never deleted: corrections and entered in error (issue 20 item 3)', () => {
  it('keeps every version when an entry is corrected, under If-Match', async () => {
    const e = await write(care, P, { kind: 'observation', text: 'Mme Chabert a bien mangé ce midi.' });
    const url = `/api/v1/journal/entries/${e.id}/versions`;
    const body = { kind: 'observation', text: 'Mme Chabert a mangé la moitié de son repas ce midi.', reason: 'Précision' };
    make.expectProblem(await care.req('POST', url, { body }), 428, 'precondition_required');
    make.expectProblem(await nurse.req('POST', url, { body, headers: { 'if-match': '"1"' } }), 403, 'journal.not_author');
    const fixed = await care.req('POST', url, { body, headers: { 'if-match': '"1"' } });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.headers.etag).toBe('"2"');
    expect((fixed.json() as JournalEntry).text).toBe('Mme Chabert a mangé la moitié de son repas ce midi.');
    const stale = await care.req('POST', url, { body, headers: { 'if-match': '"1"' } });
    make.expectProblem(stale, 412, 'precondition_failed');
    expect((stale.json() as { current: JournalEntry }).current.version).toBe(2);
    const h = journalHistorySchema.parse(make.expectStatus<JournalHistory>(await nurse.req('GET', url), 200, 'history'));
    expect(h.versions.map((v) => [v.version, v.text, v.reason])).toEqual([
      [2, 'Mme Chabert a mangé la moitié de son repas ce midi.', 'Précision'],
      [1, 'Mme Chabert a bien mangé ce midi.', null],
    ]);
    // A coordinator may correct any entry they read.
    const byCoord = await coord.req('POST', url, { body: { ...body, urgent: true }, headers: { 'if-match': '"2"' } });
    expect((byCoord.json() as JournalEntry).urgent).toBe(true);
  });

  it('hides an entry entered in error from the timeline, not from its history', async () => {
    const e = await write(care, P, { kind: 'incident', text: 'Chute dans la salle de bains (erreur de dossier).' });
    const mark = (c: Client, v: string) =>
      c.req('POST', `/api/v1/journal/entries/${e.id}/entered-in-error`, {
        body: { reason: 'Écrit dans le mauvais dossier' },
        headers: { 'if-match': v },
      });
    make.expectProblem(
      await social.req('POST', `/api/v1/journal/entries/${e.id}/entered-in-error`, {
        body: { reason: 'non' },
        headers: { 'if-match': '"1"' },
      }),
      404,
      'not_found',
    );
    const marked = await mark(care, '"1"');
    expect(marked.statusCode).toBe(200);
    expect((marked.json() as JournalEntry).enteredInError).toMatchObject({
      reason: 'Écrit dans le mauvais dossier',
      by: { id: u('care_staff') },
    });
    expect(ids(await timeline(nurse, P))).not.toContain(e.id);
    expect(ids(await timeline(nurse, P, '?includeInError=true'))).toContain(e.id);
    const h = make.expectStatus<JournalHistory>(await nurse.req('GET', `/api/v1/journal/entries/${e.id}/versions`), 200, 'history');
    expect(h.entry.status).toBe('entered_in_error');
    expect(h.versions.map((v) => v.text)).toEqual(['Chute dans la salle de bains (erreur de dossier).']);
    make.expectProblem(await mark(care, '"2"'), 409, 'journal.already_in_error');
    make.expectProblem(
      await care.req('POST', `/api/v1/journal/entries/${e.id}/versions`, {
        body: { kind: 'incident', text: 'x' },
        headers: { 'if-match': '"2"' },
      }),
      409,
      'journal.in_error',
    );
    // Never deleted, also against a bug in a query: the app role has no DELETE.
    const role = await sql.query(`select has_table_privilege('maillon_app', 'journal_entry', 'DELETE') as d`);
    expect(role.rows[0].d).toBe(false);
  });
});

describe('acknowledgement and handover (issue 20 item 4)', () => {
  it('expands a named team to the members who may read the entry, and records each acknowledgement', async () => {
    const e = await write(care, P, {
      kind: 'transmission',
      urgent: true,
      target: { cible: 'Hydratation', data: 'Boit peu depuis deux jours', actions: 'Verre d’eau proposé toutes les heures' },
      acknowledge: { careTeam: true },
    });
    // The care team: the nurse, the partner (consent for health) and the referent coordinator (an infirmière
    // coordinatrice). The social worker does not read health information: not a recipient; the author neither.
    expect(e.acknowledgement!.recipients.map((r) => r.userId).sort()).toEqual(
      [u('health_professional'), u('external_partner'), u('coordinator')].sort(),
    );
    expect(e.acknowledgement!.pending).toBe(3);
    make.expectProblem(await social.req('POST', `/api/v1/journal/entries/${e.id}/acknowledge`), 404, 'not_found');
    make.expectProblem(await care.req('POST', `/api/v1/journal/entries/${e.id}/acknowledge`), 403, 'journal.not_recipient');
    const acked = make.expectStatus<JournalEntry>(await nurse.req('POST', `/api/v1/journal/entries/${e.id}/acknowledge`), 200, 'ack');
    expect(acked.acknowledgement!.mine).toBe('done');
    const first = acked.acknowledgement!.recipients.find((r) => r.userId === u('health_professional'))!.acknowledgedAt;
    const again = make.expectStatus<JournalEntry>(await nurse.req('POST', `/api/v1/journal/entries/${e.id}/acknowledge`), 200, 'ack again');
    expect(again.acknowledgement!.recipients.find((r) => r.userId === u('health_professional'))!.acknowledgedAt).toBe(first);
    // The coordinator sees who has and who has not read it.
    const seen = make.expectStatus<JournalEntry>(await coord.req('GET', `/api/v1/journal/entries/${e.id}`), 200, 'read');
    expect(seen.acknowledgement!.recipients.map((r) => [r.userId, r.acknowledgedAt !== null]).sort()).toEqual(
      [
        [u('health_professional'), true],
        [u('external_partner'), false],
        [u('coordinator'), false],
      ].sort(),
    );
    expect(seen.acknowledgement!.pending).toBe(2);
  });

  it('refuses a named recipient who may not read the entry', async () => {
    make.expectProblem(
      await care.req('POST', `/api/v1/people/${P}/journal`, {
        body: { kind: 'transmission', text: 'Pansement refait.', acknowledge: { userIds: [u('social_worker')] } },
      }),
      422,
      'journal.recipient_cannot_read',
    );
  });

  it('lists exactly what was written since the last handover, urgent first, and what waits for acknowledgement', async () => {
    const { client: night, member } = await make.member(t, org, admin, {
      role: 'care_staff',
      profession: 'care_assistant',
      displayName: 'Aide-soignant de nuit',
    });
    const R = await make.person(coord, {
      birthName: 'Vasseur',
      firstNames: 'Jeanne',
      careTeam: [
        { userId: member.userId, function: 'care_assistant' },
        { userId: u('care_staff'), function: 'care_assistant' },
      ],
    });
    const plain = await write(care, R, { kind: 'observation', text: 'Nuit calme.' });
    const urgent = await write(care, R, { kind: 'incident', urgent: true, text: 'Chute sans gravité à 6 h, relevée.' });
    const toAck = await write(care, R, {
      kind: 'transmission',
      text: 'Nouveau traitement à partir de demain.',
      acknowledge: { userIds: [member.userId] },
    });
    const list = async () =>
      journalHandoverSchema.parse(make.expectStatus<JournalHandover>(await night.req('GET', '/api/v1/journal/handover'), 200, 'handover'));
    let h = await list();
    expect(h.since).toBeNull();
    expect(h.people.map((g) => [g.person.id, g.count, g.urgentCount, g.toAcknowledgeCount])).toEqual([[R, 3, 1, 1]]);
    expect(h.people[0]!.entries.map((e) => e.id)).toEqual([urgent.id, toAck.id, plain.id]);
    expect(make.expectStatus<JournalUnread>(await night.req('GET', '/api/v1/journal/unread'), 200, 'unread')).toMatchObject({
      entries: 3,
      urgent: 1,
      toAcknowledge: 1,
    });

    // Read up to now: only the entry still waiting for an acknowledgement stays.
    const after = make.expectStatus<JournalUnread>(
      await night.req('POST', '/api/v1/journal/handover/acknowledge', { body: { asOf: h.asOf } }),
      200,
      'mark',
    );
    expect(after).toMatchObject({ entries: 1, urgent: 0, toAcknowledge: 1 });
    h = await list();
    expect(h.since).not.toBeNull();
    expect(h.people.map((g) => g.entries.map((e) => e.id))).toEqual([[toAck.id]]);

    make.expectStatus(await night.req('POST', `/api/v1/journal/entries/${toAck.id}/acknowledge`), 200, 'ack');
    h = await list();
    expect(h.people).toEqual([]);
    expect(h.totals).toEqual({ entries: 0, urgent: 0, toAcknowledge: 0 });

    const next = await write(care, R, { kind: 'observation', text: 'Repas pris en entier.' });
    h = await list();
    expect(h.people.map((g) => g.entries.map((e) => e.id))).toEqual([[next.id]]);
    // One's own entries are not news to oneself.
    const own = make.expectStatus<JournalHandover>(await care.req('GET', '/api/v1/journal/handover'), 200, 'own handover');
    expect(own.people.find((g) => g.person.id === R)).toBeUndefined();
  });
});

describe('reading: timeline filters, service journal, search (issue 20 item 5)', () => {
  it('filters a timeline by kind, author and period, in keyset pages without repeats', async () => {
    const S = await make.person(coord, { birthName: 'Garnier', careTeam: [{ userId: u('health_professional'), function: 'nurse' }] });
    const written: string[] = [];
    for (let i = 0; i < 5; i++)
      written.push(
        (
          await write(nurse, S, {
            kind: i % 2 ? 'phone_call' : 'observation',
            text: `Passage ${i}`,
            factAt: new Date(Date.now() - (i + 1) * 3600_000).toISOString(),
          })
        ).id,
      );
    const p1 = await timeline(nurse, S, '?limit=2');
    const p2 = await timeline(nurse, S, `?limit=2&cursor=${p1.nextCursor}`);
    const p3 = await timeline(nurse, S, `?limit=2&cursor=${p2.nextCursor}`);
    expect([...ids(p1), ...ids(p2), ...ids(p3)]).toEqual(written);
    expect(p3.nextCursor).toBeNull();
    expect(ids(await timeline(nurse, S, '?kind=phone_call'))).toEqual([written[1], written[3]]);
    expect(ids(await timeline(nurse, S, `?authorId=${u('care_staff')}`))).toEqual([]);
    const yesterday = make.daysAgo(1);
    make.expectProblem(
      await nurse.req('GET', `/api/v1/people/${S}/journal?from=${make.daysAgo(0)}&to=${yesterday}`),
      400,
      'journal.period_invalid',
    );
  });

  it('searches in French whatever the accents, only in what the caller may read', async () => {
    const search = async (c: Client, q: string) =>
      ids(
        journalPageSchema.parse(
          make.expectStatus(await c.req('POST', '/api/v1/journal/search', { body: { q, personId: P } }), 200, 'search'),
        ),
      );
    const hits = await search(nurse, 'epaule');
    expect(hits.length).toBe(1);
    const e = make.expectStatus<JournalEntry>(await nurse.req('GET', `/api/v1/journal/entries/${hits[0]}`), 200, 'hit');
    expect(e.target?.cible).toBe('Douleur');
    // Stemming: "renouvellement" finds "renouveler"? Not always; the plural and accents are enough.
    expect(await search(social, 'épaule')).toEqual([]);
    expect((await search(social, 'apa')).length).toBe(1);
  });

  it('gives the coordinator the service journal, each entry by its category', async () => {
    const all = journalPageSchema.parse(make.expectStatus(await coord.req('GET', '/api/v1/journal?limit=200'), 200, 'service'));
    const cats = new Set(all.items.map((e) => e.category));
    expect(cats.has('health')).toBe(true);
    const dir = journalPageSchema.parse(make.expectStatus(await director.req('GET', '/api/v1/journal?limit=200'), 200, 'service'));
    expect(dir.items.length).toBeGreaterThan(0);
    expect(new Set(dir.items.map((e) => e.category))).toEqual(new Set(['social']));
  });
});

describe('live updates (issue 20 item 6, SEC-AZ-09)', () => {
  it('never sends an entry to a subscriber who may not read it', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const nurseStream = await openStream(port, nurse.cookie);
    const socialStream = await openStream(port, social.cookie);
    try {
      const health = await write(care, P, { kind: 'transmission', text: 'Glycémie à 2,1 g/L avant le dîner, médecin prévenu.' });
      const social2 = await write(social, P, { kind: 'phone_call', text: 'Appel de la fille : visite dimanche.' });
      const n1 = await nurseStream.next((ev) => ev.entry.id === health.id);
      expect(n1).toMatchObject({ change: 'created', entry: { id: health.id, category: 'health' } });
      // The social worker's first event is their own entry: the health entry, sent before, never reached them.
      const s1 = await socialStream.next(() => true);
      expect(s1.entry.id).toBe(social2.id);
      expect(socialStream.seen.map((e) => e.entry.id)).not.toContain(health.id);
      // A correction is sent to those who read the entry, as they see it.
      await care.req('POST', `/api/v1/journal/entries/${health.id}/versions`, {
        body: { kind: 'transmission', text: 'Glycémie à 2,1 g/L avant le dîner, médecin traitant prévenu.' },
        headers: { 'if-match': '"1"' },
      });
      const n2 = await nurseStream.next((ev) => ev.change === 'corrected');
      expect(n2.entry.text).toBe('Glycémie à 2,1 g/L avant le dîner, médecin traitant prévenu.');
      const audited = await sql.query(
        `select count(*)::int as n from audit_event where action = 'journal.read' and resource_id = $1 and actor_user_id = $2 and details->>'via' = 'live'`,
        [health.id, u('health_professional')],
      );
      expect(audited.rows[0].n).toBeGreaterThanOrEqual(1);
    } finally {
      nurseStream.close();
      socialStream.close();
    }
  });
});

describe('PDF export (issue 20 item 7)', () => {
  it('prints a person’s journal for a period with the categories the caller reads, after a fresh sign-in, audited', async () => {
    const url = `/api/v1/people/${P}/journal/pdf?from=${make.daysAgo(2)}&to=${make.daysAgo(-1)}`;
    const res = await nurse.req('GET', url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Journal de coordination');
    expect(text).toContain('CHABERT Odette');
    expect(text).toContain('Douleur à l’épaule droite, EVA 6');
    expect(text).toContain('Dossier APA à renouveler');
    const bySocial = await pdfText((await social.req('GET', url)).rawPayload);
    expect(bySocial).toContain('Dossier APA à renouveler');
    expect(bySocial).not.toContain('épaule');
    const audit = await sql.query(`select purpose, info_category from audit_event where action = 'journal.pdf' and actor_user_id = $1`, [
      u('health_professional'),
    ]);
    expect(audit.rows).toEqual([{ purpose: 'export', info_category: 'health' }]);
    await sql.query(`update session set authenticated_at = now() - interval '1 hour' where user_id = $1`, [u('health_professional')]);
    make.expectProblem(await nurse.req('GET', url), 403, 'step_up_required');
  });
});

interface Stream {
  seen: JournalEvent[];
  next(pred: (e: JournalEvent) => boolean): Promise<JournalEvent>;
  close(): void;
}

/** A real SSE connection over a socket, as a browser's EventSource makes it; resolves once the stream is ready. */
function openStream(port: number, cookie: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const seen: JournalEvent[] = [];
    const waiters: { pred: (e: JournalEvent) => boolean; done: (e: JournalEvent) => void; from: number }[] = [];
    let buf = '';
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/journal/events',
        headers: { cookie, accept: 'text/event-stream', 'x-requested-with': 'maillon' },
      },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream: ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event === 'ready') resolve(stream);
            if (event === 'journal' && data) {
              seen.push(JSON.parse(data) as JournalEvent);
              for (const w of [...waiters]) {
                const hit = seen.slice(w.from).find(w.pred);
                if (hit) {
                  waiters.splice(waiters.indexOf(w), 1);
                  w.done(hit);
                }
              }
            }
          }
        });
      },
    );
    req.on('error', reject);
    const stream: Stream = {
      seen,
      next: (pred) =>
        new Promise((done) => {
          const hit = seen.find(pred);
          if (hit) return done(hit);
          waiters.push({ pred, done, from: 0 });
        }),
      close: () => req.destroy(),
    };
  });
}
