import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { journalChanges, type JournalChange, type JournalEvent } from '@maillon/shared/coordination';
import { rolePermissions, type Role } from '@maillon/shared/identity';
import type { InfoCategory } from '@maillon/shared/people';
import { inTransaction } from '../../db/tx.ts';
import { AppError } from '../../lib/errors.ts';
import type { Ctx } from '../../plugins/context.ts';
import type { AppDeps } from '../../plugins/deps.ts';
import { writeAudit } from '../audit/public.ts';
import { resolveAccess } from '../access/public.ts';
import { purposeOf } from './policy.ts';
import { loadEntryRow, toEntries } from './read.ts';

// Live updates of the journal (issue 20 item 6): PostgreSQL `NOTIFY journal` (migration 0022,
// sent when the writing transaction commits, to every server process) → one listening connection
// per process → each subscriber of the organisation. For each subscriber the entry is read again
// in a transaction of their own, with their session and membership as they are now (SEC-AZ-06)
// and the access module's rules (SEC-AZ-09): who may not read it receives nothing. A delivery is
// a read of the record: audited.

const PING_MS = 25_000;

interface Subscriber {
  sessionId: string;
  userId: string;
  tenantId: string;
  personId: string | null;
  requestId: string;
  ip: string;
  res: ServerResponse;
}

interface Notice {
  t: string;
  e: string;
  c: JournalChange;
}

export class JournalHub {
  private subscribers = new Set<Subscriber>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private ping: NodeJS.Timeout | null = null;
  /** Deliveries in flight, awaited on close and by tests. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private deps: AppDeps,
    private log: FastifyBaseLogger,
  ) {}

  /** Starts listening (once per process); resolves when LISTEN is in place. */
  async listen(): Promise<void> {
    if (this.client || this.closed) return;
    this.connecting ??= (async () => {
      const c = new pg.Client(this.deps.pool.options);
      c.on('notification', (m) => {
        if (m.channel === 'journal' && m.payload) this.dispatch(m.payload);
      });
      c.on('error', (err) => {
        this.log.warn({ err: { message: err.message } }, 'journal listener lost its connection');
        this.client = null;
        c.end().catch(() => undefined);
        if (!this.closed && this.subscribers.size) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
      });
      await c.connect();
      await c.query('LISTEN journal');
      this.client = c;
    })().finally(() => {
      this.connecting = null;
    });
    await this.connecting;
    this.ping ??= setInterval(() => {
      for (const s of this.subscribers) s.res.write(': ping\n\n');
    }, PING_MS).unref();
  }

  async add(s: Subscriber): Promise<void> {
    await this.listen();
    this.subscribers.add(s);
    s.res.on('close', () => this.subscribers.delete(s));
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Resolves when every delivery started so far is done. */
  idle(): Promise<void> {
    return this.queue;
  }

  private dispatch(payload: string): void {
    let n: Notice;
    try {
      n = JSON.parse(payload) as Notice;
    } catch {
      return;
    }
    if (!journalChanges.includes(n.c)) return;
    const targets = [...this.subscribers].filter((s) => s.tenantId === n.t);
    if (!targets.length) return;
    // One delivery after the other: an entry's changes reach a subscriber in the order they happened.
    this.queue = this.queue.then(async () => {
      for (const s of targets) {
        try {
          await this.deliver(s, n);
        } catch (err) {
          this.log.warn({ err: { message: (err as Error).message } }, 'journal event not delivered');
        }
      }
    });
  }

  private async deliver(s: Subscriber, n: Notice): Promise<void> {
    if (s.res.destroyed || !this.subscribers.has(s)) return;
    const event = await inTransaction(this.deps.db, { tenantId: s.tenantId, userId: s.userId }, async (tx) => {
      // The subscriber as they are now: a session ended or a membership changed applies at once.
      const who = await tx.execute<{ role: Role | null; profession: string | null; service_id: string | null; ok: boolean }>(sql`
        select m.role, m.profession, m.service_id,
          (s.revoked_at is null and s.expires_at > now() and u.status = 'active' and m.status = 'active' and s.tenant_id = ${s.tenantId}) as ok
        from session s join app_user u on u.id = s.user_id join membership m on m.user_id = s.user_id and m.tenant_id = s.tenant_id
        where s.id = ${s.sessionId}`);
      const w = who.rows[0];
      if (!w?.ok || !w.role) return 'end' as const;
      const permissions = new Set(rolePermissions[w.role]);
      if (!permissions.has('journal.read')) return null;
      const actor = {
        tenantId: s.tenantId,
        userId: s.userId,
        role: w.role,
        profession: w.profession,
        requestId: s.requestId,
        ip: s.ip,
        email: null,
        serviceId: w.service_id,
        permissions,
      };
      const ctx: Ctx = { tx, actor, deps: this.deps, refusals: [], audit: (e) => writeAudit(tx, actor, e) };
      const row = await loadEntryRow(ctx, n.e);
      if (!row || (s.personId && row.person_id !== s.personId)) return null;
      let access;
      try {
        access = await resolveAccess(ctx, row.person_id);
      } catch (e) {
        if (e instanceof AppError) return null;
        throw e;
      }
      if (!access.categories.has(row.category as InfoCategory)) return null;
      const [entry] = await toEntries(ctx, [row], access);
      await ctx.audit({
        action: 'journal.read',
        resourceType: 'journal_entry',
        resourceId: row.id,
        personId: row.person_id,
        infoCategory: row.category as InfoCategory,
        purpose: purposeOf(access),
        details: { via: 'live', change: n.c },
      });
      return { change: n.c, entry: entry! } satisfies JournalEvent;
    });
    if (event === 'end') {
      s.res.end();
      this.subscribers.delete(s);
      return;
    }
    if (event && !s.res.destroyed) s.res.write(`event: journal\ndata: ${JSON.stringify(event)}\n\n`);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.ping) clearInterval(this.ping);
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
    await this.queue.catch(() => undefined);
    await this.connecting?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
