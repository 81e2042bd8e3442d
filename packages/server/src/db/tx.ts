import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';

export type Db = NodePgDatabase;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function createDb(pool: pg.Pool): Db {
  return drizzle(pool);
}

export interface TxContext {
  tenantId: string | null;
  userId: string | null;
}

/**
 * Runs one unit of work in one transaction with `app.tenant_id` and `app.user_id` set locally,
 * so row-level security sees who is asking. Without a tenant, tenant-owned tables show 0 rows.
 */
export async function inTransaction<T>(db: Db, ctx: TxContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await setTxContext(tx, ctx);
    return fn(tx);
  });
}

/** Sets (or changes, e.g. once a login has found the organisation) who is asking, for this transaction only. */
export async function setTxContext(tx: Tx, ctx: TxContext): Promise<void> {
  await tx.execute(
    sql`select set_config('app.tenant_id', ${ctx.tenantId ?? ''}, true), set_config('app.user_id', ${ctx.userId ?? ''}, true)`,
  );
}
