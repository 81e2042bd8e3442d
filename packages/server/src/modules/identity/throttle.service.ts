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

/**
 * Takes one attempt on each of these counters before the secret is checked (SEC-AUTHN-04), as a
 * failure in advance: the rows are locked in key order, so simultaneous attempts queue here and a
 * burst lets through no more guesses than the same attempts one after the other. Returns the
 * seconds to wait when one counter is locked (nothing is counted then), else 0. The attempt that
 * spends the last free failure takes the lock itself and is still checked; a success then clears
 * the account's counter (`clearFailures`) and gives the attempt back to shared ones (`forgive`).
 */
export async function takeAttempt(db: Db, counters: { key: string; policy: ThrottlePolicy }[]): Promise<number> {
  const sorted = [...counters].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return db.transaction(async (tx) => {
    const rows = new Map<string, { failures: number; expired: boolean; wait: number }>();
    for (const { key, policy: p } of sorted) {
      await tx.execute(sql`insert into auth_throttle (key, failures, window_start) values (${key}, 0, now()) on conflict (key) do nothing`);
      const r = await tx.execute<{ failures: number; expired: boolean; wait: number | null }>(sql`
        select failures,
               window_start < now() - make_interval(mins => ${p.windowMinutes}) as expired,
               case when locked_until > now() then ceil(extract(epoch from locked_until - now()))::int end as wait
        from auth_throttle where key = ${key} for update`);
      const row = r.rows[0]!;
      rows.set(key, { failures: Number(row.failures), expired: row.expired, wait: Number(row.wait ?? 0) });
    }
    const wait = Math.max(0, ...[...rows.values()].map((r) => r.wait));
    if (wait > 0) return wait;
    for (const { key, policy: p } of sorted) {
      const row = rows.get(key)!;
      const failures = row.expired ? 1 : row.failures + 1;
      await tx.execute(sql`
        update auth_throttle set
          failures = ${failures}::int,
          window_start = case when ${row.expired}::boolean then now() else window_start end,
          locked_until = case when ${failures}::int > ${p.free}::int
            then now() + make_interval(secs => least(${p.maxLockSeconds}::int, ${p.baseLockSeconds}::int * power(2, ${failures - p.free - 1}::int)))
            else locked_until end
        where key = ${key}`);
    }
    return 0;
  });
}

/** Gives back an attempt taken by `takeAttempt` that turned out not to be a failure (a shared counter, e.g. an IP). */
export async function forgive(db: Db, key: string, p: ThrottlePolicy): Promise<void> {
  await db.execute(sql`
    update auth_throttle set failures = greatest(failures - 1, 0),
      locked_until = case when failures - 1 <= ${p.free}::int then null else locked_until end
    where key = ${key}`);
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.execute(sql`delete from auth_throttle where key = ${key}`);
}
