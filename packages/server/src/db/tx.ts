import { createHash } from 'node:crypto';
import { getTableColumns, sql, type Column, type SQL, type Table } from 'drizzle-orm';
import { drizzle, NodePgSession, NodePgTransaction, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';

export type Db = NodePgDatabase & { $client: pg.Pool };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function createDb(pool: pg.Pool): Db {
  return drizzle(pool);
}

interface TxContext {
  tenantId: string | null;
  userId: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dialect = new PgDialect();

/** A uuid (or nothing) as a SQL literal: anything else is a programming error, never inlined. */
function uuidLiteral(v: string | null): string {
  if (v === null || v === '') return "''";
  if (!UUID_RE.test(v)) throw new Error('transaction context: tenant and user must be uuids');
  return `'${v}'`;
}

/** BEGIN and the context of row-level security in one message (one round trip instead of two). */
function beginText(ctx: TxContext): string {
  return `begin; select set_config('app.tenant_id', ${uuidLiteral(ctx.tenantId)}, true), set_config('app.user_id', ${uuidLiteral(ctx.userId)}, true)`;
}

const clients = new WeakMap<object, pg.PoolClient>();

/**
 * Runs a constant SQL text as a named prepared statement on the connection of `on` (a
 * transaction, or the pool): parsed and planned once per connection, and no query builder on
 * the way. For the statements every request runs (the audit row, opening a record). The text
 * must be a constant: the same name with another text is refused by the driver.
 */
export function runNamed<R extends pg.QueryResultRow>(
  on: Tx | Db,
  name: string,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<R>> {
  const client =
    '$client' in on ? on.$client : (clients.get(on) ?? (on as unknown as { session: { client: pg.ClientBase } }).session.client);
  return client.query<R>({ name, text, values, types: drizzleTypes });
}

/**
 * `tx.execute(query)` as a named prepared statement: the name gets a hash of the text, so each
 * variant of a query built with optional parts is its own statement. For hot read queries.
 */
export function executeNamed<R extends pg.QueryResultRow>(on: Tx | Db, name: string, query: SQL): Promise<pg.QueryResult<R>> {
  const q = dialect.sqlToQuery(query);
  return runNamed<R>(on, `${name}_${createHash('sha1').update(q.sql).digest('hex').slice(0, 12)}`, q.sql, q.params);
}

/** The value parsing `tx.execute` uses (drizzle's): dates, times and intervals stay as PostgreSQL's text. */
const RAW_TEXT_TYPES = new Set<number>([
  pg.types.builtins.TIMESTAMPTZ,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.DATE,
  pg.types.builtins.INTERVAL,
  1231,
  1115,
  1185,
  1187,
  1182,
]);
const drizzleTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    RAW_TEXT_TYPES.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Runs one unit of work in one transaction with `app.tenant_id` and `app.user_id` set locally,
 * so row-level security sees who is asking. Without a tenant, tenant-owned tables show 0 rows.
 *
 * Drizzle's own `db.transaction` sends BEGIN, then the context, as two round trips; this sends
 * both in one simple-protocol message. Only uuids are ever inlined (checked above), so nothing
 * from a request reaches the SQL text. The transaction object is drizzle's, savepoints included.
 */
export async function inTransaction<T>(db: Db, ctx: TxContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const begin = beginText(ctx);
  const client = await db.$client.connect();
  let inTx = false;
  let broken: Error | undefined;
  try {
    inTx = true;
    await client.query(begin);
    const tx = new NodePgTransaction(dialect, new NodePgSession(client, dialect, undefined), undefined) as unknown as Tx;
    clients.set(tx, client);
    const result = await fn(tx);
    inTx = false;
    await client.query('commit');
    return result;
  } catch (e) {
    if (inTx) {
      await client.query('rollback').catch((err: unknown) => {
        broken = err instanceof Error ? err : new Error(String(err));
      });
    } else if (!(e instanceof pg.DatabaseError)) {
      // COMMIT lost its connection: the connection is in doubt and is not given back to the pool.
      broken = e instanceof Error ? e : new Error(String(e));
    }
    throw e;
  } finally {
    client.release(broken);
  }
}

/** Sets (or changes, e.g. once a login has found the organisation) who is asking, for this transaction only. */
export async function setTxContext(tx: Tx, ctx: TxContext): Promise<void> {
  await tx.execute(
    sql`select set_config('app.tenant_id', ${ctx.tenantId ?? ''}, true), set_config('app.user_id', ${ctx.userId ?? ''}, true)`,
  );
}

/**
 * A table's whole row for hand-written queries run with `executeNamed`: the column list (named,
 * never `*`, so that a prepared statement survives a column added by a migration) and the mapping
 * of a result row back to drizzle's typed row, with the same conversions as a query builder.
 */
export function tableRow<T extends Table>(table: T, alias: string) {
  const cols = Object.entries(getTableColumns(table)) as [keyof T['$inferSelect'] & string, Column][];
  const list = cols.map(([, c]) => `${alias}.${c.name}`).join(', ');
  return {
    columns: sql.raw(list),
    read(raw: Record<string, unknown>): T['$inferSelect'] {
      const out: Record<string, unknown> = {};
      for (const [key, c] of cols) {
        const v = raw[c.name];
        out[key] = v === null || v === undefined ? null : c.mapFromDriverValue(v);
      }
      return out;
    },
  };
}
