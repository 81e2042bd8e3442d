import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Tx } from '../db/tx.ts';
import { outboxMessage } from '../db/tables.ts';
import { newId } from './ids.ts';
import type { Mailer, MailMessage } from './mailer.ts';

/** Queues an e-mail in the caller's transaction: it leaves only if the business write commits (SEC-LOG-06). */
export async function enqueueMail(tx: Tx, tenantId: string | null, msg: MailMessage): Promise<void> {
  await tx.insert(outboxMessage).values({ id: newId(), tenantId, kind: 'email', payload: msg });
}

/**
 * Sends due messages. Claimed with SKIP LOCKED so several servers share the work; a failure
 * leaves the message pending with exponential back-off, so a down SMTP server loses nothing.
 */
export async function dispatchOutbox(db: Db, mailer: Mailer, log: FastifyBaseLogger, batch = 20): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.system', 'on', true)`);
    const due = await tx.execute<{ id: string; kind: string; payload: MailMessage; attempts: number }>(sql`
      select id, kind, payload, attempts from outbox_message
      where status = 'pending' and available_at <= now()
      order by available_at limit ${batch} for update skip locked`);
    let sent = 0;
    for (const m of due.rows) {
      try {
        if (m.kind === 'email') await mailer.send(m.payload);
        await tx.execute(
          sql`update outbox_message set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null where id = ${m.id}`,
        );
        sent++;
      } catch (e) {
        const delay = Math.min(3600, 2 ** Math.min(m.attempts, 12) * 5);
        log.warn({ outboxId: m.id, attempts: m.attempts + 1 }, 'outbox delivery failed; will retry');
        await tx.execute(sql`update outbox_message set attempts = attempts + 1, last_error = ${String((e as Error).message).slice(0, 500)},
          available_at = now() + make_interval(secs => ${delay}) where id = ${m.id}`);
      }
    }
    return sent;
  });
}
