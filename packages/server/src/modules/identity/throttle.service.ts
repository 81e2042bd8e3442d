import { sql } from 'drizzle-orm';
import type { Db } from '../../db/tx.ts';
import { AppError } from '../../lib/errors.ts';

interface ThrottlePolicy {
  /** failures allowed in the window before a lock */
  free: number;
  windowMinutes: number;
  /** first lock, doubled at each further failure, capped: never a permanent lock-out (SEC-AUTHN-04) */
  baseLockSeconds: number;
  maxLockSeconds: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, windowMinutes: 15, baseLockSeconds: 30, maxLockSeconds: 15 * 60 };
export const IP_POLICY: ThrottlePolicy = { free: 50, windowMinutes: 15, baseLockSeconds: 60, maxLockSeconds: 15 * 60 };
/**
 * One counter per user for every password or code checked for a known user — second factor at
 * sign-in, step-up, password change, MFA enrolment, accepting an invitation with an existing
 * account — so that being locked in one place means being locked in all of them.
 */
export const USER_SECRET_POLICY: ThrottlePolicy = { free: 5, windowMinutes: 15, baseLockSeconds: 30, maxLockSeconds: 15 * 60 };
export const userSecretKey = (userId: string) => `user:${userId}`;

export const rateLimited = (wait: number) =>
  new AppError('rate_limited', `Too many attempts. Try again in ${wait} seconds.`, { headers: { 'retry-after': String(wait) } });

/** Seconds to wait before the next attempt on any of these keys; 0 when free. */
export async function retryAfter(db: Db, keys: string[]): Promise<number> {
  const r = await db.execute<{ s: number | null }>(sql`
    select ceil(extract(epoch from max(locked_until) - now()))::int as s from auth_throttle
    where key in (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )}) and locked_until > now()`);
  return Math.max(0, Number(r.rows[0]?.s ?? 0));
}

export async function recordFailure(db: Db, key: string, p: ThrottlePolicy): Promise<void> {
  await db.execute(sql`
    insert into auth_throttle as t (key, failures, window_start) values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when t.window_start < now() - make_interval(mins => ${p.windowMinutes}) and (t.locked_until is null or t.locked_until < now())
                      then 1 else t.failures + 1 end,
      window_start = case when t.window_start < now() - make_interval(mins => ${p.windowMinutes}) and (t.locked_until is null or t.locked_until < now())
                      then now() else t.window_start end`);
  await db.execute(sql`
    update auth_throttle set locked_until = now() + make_interval(secs => least(${p.maxLockSeconds}, ${p.baseLockSeconds} * power(2, failures - ${p.free} - 1)))
    where key = ${key} and failures > ${p.free}`);
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.execute(sql`delete from auth_throttle where key = ${key}`);
}
