import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { personReferences } from './person-references.ts';

let t: TestApp;
let admin: pg.Client;

beforeAll(async () => {
  t = await startTestApp();
  admin = new pg.Client({ connectionString: t.adminUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await t?.close();
});

describe('the registry of columns that name a person (merge)', () => {
  it('lists every person_id column and every foreign key to person in the database, and nothing else', async () => {
    const r = await admin.query<{ ref: string }>(`
      select c.table_name || '.' || c.column_name as ref from information_schema.columns c
      where c.table_schema = 'public' and c.column_name = 'person_id'
      union
      select cl.relname || '.' || a.attname from pg_constraint k
      join pg_class cl on cl.oid = k.conrelid join pg_namespace n on n.oid = cl.relnamespace
      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
      where n.nspname = 'public' and k.contype = 'f' and k.confrelid = 'public.person'::regclass`);
    const registered = Object.entries(personReferences)
      .flatMap(([table, cols]) => Object.keys(cols).map((c) => `${table}.${c}`))
      .sort();
    expect(registered).toEqual(r.rows.map((x) => x.ref).sort());
  });
});
