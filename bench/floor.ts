/**
 * The floor: the same queries as raw SQL, without HTTP, session lookup, validation or
 * serialisation. A pool of `connections` clients as the app role (RLS applies), each unit of work
 * one transaction that sets app.tenant_id/app.user_id like inTransaction() (in the BEGIN message),
 * the hot statements named and prepared like the server's, at the same concurrency and for the
 * same duration as the HTTP scenarios.
 */
import type pg from 'pg';
import { beginWithContext, named, setContext, type Actor, type Query } from './queries.ts';
import { summarise, type LatencyStats } from './stats.ts';

export interface FloorScenario {
  name: string;
  /** the work of one request, given its rotation index */
  work(client: pg.ClientBase, i: number): Promise<void>;
  /** the audit row the service writes in the same transaction (the "+ audit" variant) */
  audit?(i: number): Query;
}

export interface FloorResult extends LatencyStats {
  name: string;
  withAudit: boolean;
  errors: number;
  /** PostgreSQL CPU milliseconds per transaction (all postgres processes, measured part only) */
  postgresCpuMs: number;
}

export type CpuSnapshot = () => { postgres: number };

async function loop(
  pool: pg.Pool,
  actor: Actor,
  s: FloorScenario,
  withAudit: boolean,
  connections: number,
  seconds: number,
): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const begin = beginWithContext(actor);
  const worker = async () => {
    while (performance.now() < end) {
      const n = i++;
      const t0 = performance.now();
      const client = await pool.connect();
      try {
        await client.query(begin);
        await s.work(client, n);
        if (withAudit && s.audit) await client.query(named(s.audit(n)));
        await client.query('commit');
        latencies.push(performance.now() - t0);
      } catch {
        errors += 1;
        await client.query('rollback').catch(() => undefined);
      } finally {
        client.release();
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { latencies, errors, seconds: (performance.now() - start) / 1000 };
}

export async function runFloor(
  pool: pg.Pool,
  actor: Actor,
  s: FloorScenario,
  opts: { withAudit: boolean; connections: number; warmupSeconds: number; durationSeconds: number; cpu: CpuSnapshot },
): Promise<FloorResult> {
  if (opts.warmupSeconds > 0) await loop(pool, actor, s, opts.withAudit, opts.connections, opts.warmupSeconds);
  const c0 = opts.cpu();
  const r = await loop(pool, actor, s, opts.withAudit, opts.connections, opts.durationSeconds);
  const c1 = opts.cpu();
  const n = r.latencies.length;
  return {
    name: s.name,
    withAudit: opts.withAudit,
    errors: r.errors,
    postgresCpuMs: n ? ((c1.postgres - c0.postgres) * 1000) / n : 0,
    ...summarise(r.latencies, r.seconds),
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) as the app role, in a transaction with the caller's context (RLS included). */
export async function explain(pool: pg.Pool, actor: Actor, q: Query): Promise<{ plan: string; executionMs: number }> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const ctx = setContext(actor);
    await client.query(ctx.text, ctx.values);
    const r = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.text}`, q.values);
    await client.query('rollback');
    const plan = r.rows.map((x) => x['QUERY PLAN']).join('\n');
    const m = /Execution Time: ([\d.]+) ms/.exec(plan);
    return { plan, executionMs: m ? Number(m[1]) : 0 };
  } finally {
    client.release();
  }
}
