import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from './lib/pagination.ts';
import { createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../test/harness.ts';

// SEC-VAL-01 (issue 17, item 9): generated from the API description (built from the shared zod
// schemas), every text field of every route, in a JSON body or in the query string, is sent a
// NUL character, and every date or date-time field the year 0000. Each must be a 400
// `validation_failed` naming that very field, with the shared schemas' reason — never a 500
// from PostgreSQL, never a success. A field added later with a bare `z.string()` fails here.

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  $ref?: string;
};
type Operation = {
  parameters?: { in: string; name: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type Doc = { paths: Record<string, Record<string, Operation>> };

/** A string field reached from the top of a body: where it is, how to build a body holding it, and what to send. */
interface Leaf {
  /** dotted path as the server names it, after `body.` */
  path: string;
  /** where the server may name the refusal instead: the enclosing union of objects, if any */
  unionPath: string | null;
  kind: 'text' | 'date' | 'datetime';
  /** true when the string has its own format rule (pattern): any refusal of the field is enough */
  patterned: boolean;
  build: (value: string) => unknown;
}

const NUL = 'ab\u0000cd';
const YEAR_ZERO = { date: '0000-01-01', datetime: '0000-01-01T00:00:00Z' } as const;

function stringKind(s: Schema): Leaf['kind'] | null {
  if (s.type !== 'string' || s.enum || s.const !== undefined) return null;
  if (s.format === 'date') return 'date';
  if (s.format === 'date-time') return 'datetime';
  // uuids and e-mails are refused by their own format: nothing to learn from them here.
  if (s.format) return null;
  return 'text';
}

/** A key a record accepts (its keys are an enum, uuids, or identifiers). */
function recordKey(names: Schema | undefined): string {
  if (names?.enum?.length) return String(names.enum[0]);
  if (names?.format === 'uuid') return randomUUID();
  return 'a1';
}

/** Every string leaf under `s`, each with a builder of the smallest value that holds it. */
function leaves(s: Schema, path: string[], unionPath: string | null, depth: number): Leaf[] {
  if (depth > 8 || s.$ref) return [];
  const kind = stringKind(s);
  if (kind) return [{ path: path.join('.'), unionPath, kind, patterned: !!s.pattern, build: (v) => v }];
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const objects = branches.filter((b) => b.type === 'object');
    const union = objects.length > 1 ? (unionPath ?? path.join('.')) : unionPath;
    return branches.flatMap((b) => leaves(b, path, b.type === 'object' ? union : unionPath, depth + 1));
  }
  if (s.type === 'array' && s.items) {
    return leaves(s.items, [...path, '0'], unionPath, depth + 1).map((l) => ({ ...l, build: (v) => [l.build(v)] }));
  }
  if (s.type === 'object') {
    // the discriminator of a union branch (`kind: 'user'`) goes with each of its fields
    const fixed: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      if (p.const !== undefined) fixed[k] = p.const;
      else if (p.enum?.length === 1) fixed[k] = p.enum[0];
    }
    const out: Leaf[] = [];
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      out.push(
        ...leaves(p, [...path, k], unionPath, depth + 1).map((l) => ({ ...l, build: (v: string) => ({ ...fixed, [k]: l.build(v) }) })),
      );
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      const key = recordKey(s.propertyNames);
      out.push(
        ...leaves(s.additionalProperties, [...path, key], unionPath, depth + 1).map((l) => ({
          ...l,
          build: (v: string) => ({ [key]: l.build(v) }),
        })),
      );
    }
    return out;
  }
  return [];
}

/** A path parameter that passes its own schema: a random uuid, or an identifier. */
function fillPath(url: string, op: Operation): string {
  return url.replace(/\{(\w+)\}/g, (_, name: string) => {
    const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
    return p?.schema.format === 'uuid' ? randomUUID() : 'abc';
  });
}

interface Case {
  route: string;
  field: string;
  send: () => Promise<{ statusCode: number; json: () => unknown }>;
  expectPaths: string[];
  /** the reason the shared schemas give; null when the field's own pattern refuses it first */
  reason: string | null;
}

function casesOf(doc: Doc, c: () => Client): Case[] {
  const out: Case[] = [];
  for (const [url, ops] of Object.entries(doc.paths)) {
    if (!url.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(ops)) {
      const M = method.toUpperCase();
      const route = `${M} ${url}`;
      const target = () => fillPath(url, op);
      for (const q of op.parameters ?? []) {
        if (q.in !== 'query') continue;
        const kind = stringKind(q.schema);
        if (!kind) continue;
        const value = kind === 'text' ? NUL : YEAR_ZERO[kind];
        out.push({
          route,
          field: `querystring.${q.name}`,
          send: () => c().req(M, `${target()}?${new URLSearchParams({ [q.name]: value }).toString()}`),
          expectPaths: [`querystring.${q.name}`],
          reason: q.schema.pattern ? null : kind === 'text' ? 'control_characters' : 'date_out_of_range',
        });
      }
      const body = op.requestBody?.content['application/json']?.schema;
      if (!body) continue;
      for (const l of leaves(body, [], null, 0)) {
        const value = l.kind === 'text' ? NUL : YEAR_ZERO[l.kind];
        const paths = [`body.${l.path}`, ...(l.unionPath !== null ? [l.unionPath ? `body.${l.unionPath}` : 'body'] : [])];
        out.push({
          route,
          field: `body.${l.path}`,
          send: () => c().req(M, target(), { body: l.build(value) as object }),
          expectPaths: paths,
          reason: l.patterned || l.unionPath !== null ? null : l.kind === 'text' ? 'control_characters' : 'date_out_of_range',
        });
      }
    }
  }
  return out;
}

let t: TestApp;
let org: TestOrg;
let admin: Client;
let doc: Doc;

beforeAll(async () => {
  // Hundreds of requests from one user in a few seconds: the flood guard is not what is tested here.
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' });
  org = await createOrg(t, { roles: ['admin', 'coordinator'] });
  admin = await login(t.app, org.users.admin!.email, undefined, '10.77.0.1');
  doc = (await t.app.inject('/api/openapi.json')).json() as Doc;
});
afterAll(async () => {
  await t?.close();
});

describe('generated input fuzzing (SEC-VAL-01)', () => {
  it('refuses a NUL in every text field and the year 0000 in every date, naming the field, on every route', async () => {
    const cases = casesOf(doc, () => admin);
    // the walk found the fields it is meant to: a sample across modules
    const fields = new Set(cases.map((x) => `${x.route} ${x.field}`));
    for (const f of [
      'POST /api/v1/people/search body.q',
      'POST /api/v1/people body.birthName',
      'POST /api/v1/people body.birthDate',
      'POST /api/v1/people body.address.line1',
      'POST /api/v1/people/{personId}/consents body.collectedAt',
      'PATCH /api/v1/identity/services/{id} body.name',
      'GET /api/v1/audit/events querystring.from',
      'GET /api/v1/identity/members querystring.cursor',
      'PUT /api/v1/plans/{id}/content body.goals.0.actions.0.startDate',
    ]) {
      expect(fields, f).toContain(f);
    }
    expect(cases.length).toBeGreaterThan(250);

    const failures: string[] = [];
    for (const x of cases) {
      const res = await x.send();
      const body = res.json() as { code?: string; errors?: { path: string; code: string }[] };
      const named = (body.errors ?? []).filter((e) => x.expectPaths.includes(e.path));
      const ok =
        res.statusCode === 400 &&
        body.code === 'validation_failed' &&
        named.length > 0 &&
        (x.reason === null || named.some((e) => e.code === x.reason));
      if (!ok) failures.push(`${x.route} ${x.field}: ${res.statusCode} ${JSON.stringify(body.errors)}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a malformed, oversized or forged cursor with 400 naming the cursor', async () => {
    const forged = encodeCursor(['x', 'not-a-uuid']);
    const coordinator = await login(t.app, org.users.coordinator!.email, undefined, '10.77.0.2');
    const list = [
      { url: '/api/v1/identity/members', where: 'querystring', c: admin },
      { url: '/api/v1/identity/members/search', where: 'body', c: admin },
      { url: '/api/v1/audit/events', where: 'querystring', c: admin },
      { url: '/api/v1/plans', where: 'querystring', c: coordinator },
      { url: '/api/v1/admissions/referrals', where: 'querystring', c: coordinator },
      { url: '/api/v1/admissions/committees', where: 'querystring', c: coordinator },
      { url: '/api/v1/people/search', where: 'body', c: coordinator },
    ] as const;
    for (const { url, where, c } of list) {
      const badKey = url.includes('admissions') ? '2025-13-45 99:00:00+00' : 'a\u0000b';
      for (const cursor of [forged, 'x'.repeat(600), '!!not base64!!', encodeCursor([badKey, randomUUID()])]) {
        const res =
          where === 'body'
            ? await c.req('POST', url, { body: { cursor } })
            : await c.req('GET', `${url}?${new URLSearchParams({ cursor }).toString()}`);
        expect(res.statusCode, `${url} ${cursor.slice(0, 40)}`).toBe(400);
        const body = res.json() as { code: string; errors: { path: string }[] };
        expect(body.code).toBe('validation_failed');
        expect(body.errors.map((e) => e.path)).toContain(`${where}.cursor`);
      }
    }
  });

  it('refuses text-direction overrides in the names of people, members, services and organisations, naming the field', async () => {
    const overrides = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
    const refused = async (method: string, url: string, body: Record<string, unknown>, field: string) => {
      const res = await admin.req(method, url, { body });
      expect(res.statusCode, `${url} ${field}`).toBe(400);
      expect((res.json() as { errors: unknown[] }).errors).toEqual([
        { path: `body.${field}`, code: 'direction_characters', message: 'Text-direction control characters are not allowed' },
      ]);
    };
    const person = { birthName: 'Martin', firstNames: 'Louise', sex: 'female', birthDate: '1941-02-03', duplicatesReviewed: true };
    for (const c of overrides) await refused('POST', '/api/v1/people', { ...person, birthName: `Mar${c}tin` }, 'birthName');
    await refused('POST', '/api/v1/people', { ...person, firstNames: 'Lou\u202Eesi' }, 'firstNames');
    await refused('POST', '/api/v1/people', { ...person, usedName: '\u2067Dupont' }, 'usedName');
    await refused(
      'POST',
      '/api/v1/identity/invitations',
      { email: 'x@example.org', displayName: 'Anne\u202E', role: 'coordinator' },
      'displayName',
    );
    await refused('POST', '/api/v1/identity/services', { name: 'SSIAD \u202Enord', kind: 'ssiad' }, 'name');
    await refused('PATCH', `/api/v1/identity/services/${randomUUID()}`, { name: 'SSIAD \u2066nord' }, 'name');
    await refused('PATCH', '/api/v1/identity/organisation', { name: 'Association \u202Dsud' }, 'name');
    // the marks that only hint at a direction stay allowed, like every other letter
    const ok = await admin.req('POST', '/api/v1/identity/services', { body: { name: 'Service \u200Fنور', kind: 'ssiad' } });
    expect(ok.statusCode).toBe(201);
  });
});
