import { sql } from 'drizzle-orm';
import { newId } from '../../lib/ids.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { notification } from './tables.ts';

interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  link?: string;
}

/** Notifies every active member of the organisation with this role, in the caller's transaction. */
export async function notifyRole(ctx: Ctx, role: string, n: NotificationInput): Promise<number> {
  const users = await ctx.tx.execute<{ user_id: string }>(sql`select user_id from membership where role = ${role} and status = 'active'`);
  if (!users.rows.length) return 0;
  await ctx.tx
    .insert(notification)
    .values(users.rows.map((u) => ({ id: newId(), userId: u.user_id, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null })));
  return users.rows.length;
}

/** Notifies one user of the organisation, in the caller's transaction (e.g. a referrer told of a decision). */
export async function notifyUser(ctx: Ctx, userId: string, n: NotificationInput): Promise<void> {
  await ctx.tx.insert(notification).values({ id: newId(), userId, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null });
}

export async function listMine(ctx: Ctx) {
  const r = await ctx.tx.execute<{
    id: string;
    kind: string;
    title: string;
    body: string;
    link: string | null;
    read_at: string | null;
    created_at: string;
  }>(sql`
    select id, kind, title, body, link, read_at, created_at from notification where user_id = ${ctx.actor.userId} order by created_at desc limit 100`);
  return {
    unread: r.rows.filter((n) => !n.read_at).length,
    items: r.rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      read: !!n.read_at,
      createdAt: isoRequired(n.created_at),
    })),
  };
}

export async function markRead(ctx: Ctx, id: string): Promise<boolean> {
  const r = await ctx.tx.execute(
    sql`update notification set read_at = coalesce(read_at, now()) where id = ${id} and user_id = ${ctx.actor.userId}`,
  );
  return (r.rowCount ?? 0) > 0;
}
