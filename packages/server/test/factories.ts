// Test factories (STYLE.md 13): each builds what it needs through the real API, as a user of that
// role would, and fails loudly (with the answer) when the API refuses. Only the organisation and
// its first users are inserted directly (createOrg in harness.ts): someone has to exist first.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { Member, Profession, Role, ServiceKind } from '@maillon/shared/identity';
import { PASSWORD, client, createOrg, login, type Client, type TestApp, type TestOrg } from './harness.ts';

export { PASSWORD };

export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** The answer's JSON when its status is the one expected; otherwise throws with the status and body. */
export function expectStatus<T>(res: LightMyRequestResponse, status: number, what: string): T {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** A problem+json answer with exactly this status and code. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, type: res.headers['content-type'], code: (res.json() as { code?: string }).code }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
    code,
  });
}

/**
 * The body of an answer sent as built (`sendBuilt`, decision 0011), parsed with the route's
 * response schema: it must be exactly what the schema describes (no field missing, none extra).
 */
export function parseAsBuilt<S extends z.ZodType>(res: LightMyRequestResponse, schema: S, status = 200): z.infer<S> {
  const body = expectStatus<unknown>(res, status, 'answer sent as built');
  const parsed = schema.parse(body);
  expect(parsed).toEqual(body);
  return parsed;
}

/** An organisation with one user per role (harness.createOrg). */
export const organisation = createOrg;

/** A signed-in client for the organisation's user of that role; `ip` keeps throttling per test file apart. */
export function asRole(t: TestApp, org: TestOrg, role: Role, ip = '10.60.0.1'): Promise<Client> {
  const user = org.users[role];
  if (!user) throw new Error(`the organisation has no ${role}: list it in organisation(t, { roles })`);
  return login(t.app, user.email, PASSWORD, ip);
}

/** A service of the organisation, created by its administrator. */
export async function service(admin: Client, input: { name: string; kind: ServiceKind; capacity?: number | null }): Promise<string> {
  const res = await admin.req('POST', '/api/v1/identity/services', { body: input });
  return expectStatus<{ id: string }>(res, 201, 'create service').id;
}

/** Sets a member's profession (and job title) the way an administrator does, under If-Match. */
export async function setProfession(
  admin: Client,
  membershipId: string,
  profession: Profession | null,
  jobTitle?: string | null,
): Promise<Member> {
  const current = expectStatus<Member>(await admin.req('GET', `/api/v1/identity/members/${membershipId}`), 200, 'read member');
  const res = await admin.req('PATCH', `/api/v1/identity/members/${membershipId}`, {
    body: { profession, ...(jobTitle === undefined ? {} : { jobTitle }) },
    headers: { 'if-match': `"${current.version}"` },
  });
  return expectStatus<Member>(res, 200, 'set profession');
}

let invited = 0;
/** One more member of the organisation, with this role and profession: invited by the administrator, accepted with PASSWORD. */
export async function member(
  t: TestApp,
  org: TestOrg,
  admin: Client,
  opts: { role: Role; profession?: Profession | null; displayName: string; jobTitle?: string | null },
): Promise<{ member: Member; client: Client }> {
  invited += 1;
  const email = `${opts.role}.${invited}.${org.id.slice(-8)}@test.maillon.fr`;
  const inv = await admin.req('POST', '/api/v1/identity/invitations', {
    body: { email, displayName: opts.displayName, role: opts.role, profession: opts.profession ?? null },
  });
  expectStatus(inv, 201, 'invite member');
  const mail = (await t.flushMail()).filter((m) => m.to === email).at(-1);
  const token = mail && /#token=([\w-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no invitation mail to ${email}`);
  const accepted = await client(t.app).req('POST', '/api/v1/auth/invitations/accept', {
    body: { token, displayName: opts.displayName, password: PASSWORD },
  });
  expectStatus(accepted, 200, 'accept invitation');
  const listed = expectStatus<{ items: Member[] }>(
    await admin.req('GET', `/api/v1/identity/members?role=${opts.role}&limit=200`),
    200,
    'list members',
  );
  let m = listed.items.find((x) => x.email === email);
  if (!m) throw new Error(`member ${email} not listed`);
  if (opts.jobTitle !== undefined) m = await setProfession(admin, m.membershipId, m.profession, opts.jobTitle);
  return { member: m, client: await login(t.app, email, PASSWORD, '10.60.0.9') };
}

export interface PersonOpts {
  birthName: string;
  firstNames?: string;
  sex?: 'female' | 'male';
  birthDate?: string;
  /** Care team members added at once (user id and function), from `since` days ago. */
  careTeam?: { userId: string; function: string }[];
  since?: number;
  /** The person's written consent to sharing health information with health professionals. */
  healthConsent?: boolean;
}

/** A person's record, created by `c` (a coordinator), with a care team and consent if asked. */
export async function person(c: Client, opts: PersonOpts): Promise<string> {
  const res = await c.req('POST', '/api/v1/people', {
    body: {
      birthName: opts.birthName,
      firstNames: opts.firstNames ?? 'Odette',
      sex: opts.sex ?? 'female',
      birthDate: opts.birthDate ?? '1938-05-11',
      duplicatesReviewed: true,
    },
  });
  const id = expectStatus<{ id: string }>(res, 201, 'create person').id;
  for (const m of opts.careTeam ?? []) {
    const add = await c.req('POST', `/api/v1/people/${id}/care-team`, {
      body: { userId: m.userId, function: m.function, startDate: daysAgo(opts.since ?? 400) },
    });
    expectStatus(add, 201, 'add to care team');
  }
  if (opts.healthConsent) expectStatus(await healthConsent(c, id), 201, 'record consent');
  return id;
}

/** Records the person's written consent to sharing their health information with health professionals (partners included). */
export function healthConsent(c: Client, personId: string): Promise<LightMyRequestResponse> {
  return c.req('POST', `/api/v1/people/${personId}/consents`, {
    body: {
      decision: 'consent',
      informedAt: daysAgo(2),
      method: 'written',
      infoCategories: ['administrative', 'health'],
      professionalCategories: ['health'],
      means: ['shared_record'],
      securityMeasuresExplained: true,
      copyGiven: true,
      givenBy: 'person',
    },
  });
}

/** An assessment with these sections, signed by `c`; returns its id. */
export async function signedAssessment(
  c: Client,
  personId: string,
  body: { assessedOn?: string; context?: string; sections?: Record<string, unknown> } = {},
): Promise<string> {
  const res = await c.req('POST', `/api/v1/people/${personId}/assessments`, {
    body: { assessedOn: body.assessedOn ?? daysAgo(120), context: body.context ?? 'admission', sections: body.sections ?? {} },
  });
  const a = expectStatus<{ id: string; version: number }>(res, 201, 'create assessment');
  expectStatus(await c.req('POST', `/api/v1/assessments/${a.id}/sign`, { headers: { 'if-match': `"${a.version}"` } }), 200, 'sign');
  return a.id;
}

/** A draft plan of the person, started by `c` from that signed assessment. */
export async function plan<T = { id: string }>(c: Client, personId: string, assessmentId: string): Promise<T> {
  return expectStatus<T>(await c.req('POST', `/api/v1/people/${personId}/plans`, { body: { assessmentId } }), 201, 'create plan');
}

/** Steps of an admission referral, in the order a coordinator takes them. */
export type ReferralStep = 'received' | 'linked' | 'under_review';

/** A referral received by `c` from this intake, taken to `step` (linked to a new record, then under review). */
export async function referral<T extends { id: string; version: number }>(
  c: Client,
  intake: unknown,
  step: ReferralStep = 'received',
): Promise<T> {
  let r = expectStatus<T>(await c.req('POST', '/api/v1/admissions/referrals', { body: intake }), 201, 'create referral');
  if (step === 'received') return r;
  r = expectStatus<T>(
    await c.req('POST', `/api/v1/admissions/referrals/${r.id}/person`, {
      body: { create: true, duplicatesReviewed: true },
      headers: { 'if-match': `"${r.version}"` },
    }),
    200,
    'link person',
  );
  if (step === 'linked') return r;
  return expectStatus<T>(
    await c.req('POST', `/api/v1/admissions/referrals/${r.id}/review`, { headers: { 'if-match': `"${r.version}"` } }),
    200,
    'start review',
  );
}
