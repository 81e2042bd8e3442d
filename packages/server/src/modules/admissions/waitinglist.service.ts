import { and, eq, sql } from 'drizzle-orm';
import {
  occupancyOf,
  waitingPriorityRank,
  type OccupancyItem,
  type WaitingChangeKind,
  type WaitingHistory,
  type WaitingList,
  type WaitingPriority,
} from '@maillon/shared/admissions';
import { executeNamed } from '../../db/tx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { addWaitingChange } from './decision.service.ts';
import { referralAccess, assertWrite, triages } from './policy.ts';
import { referralPersonName } from './referral.view.ts';
import { serviceSetting, type Stored } from './settings.service.ts';
import { waitingListEntry } from './tables.ts';

// Capacity per service and the waiting list the committee looks at: ranked by priority, then by
// the date each person was put on it; each place's changes (date, reason, author) on demand.

type OwnSettings = NonNullable<Stored['services']>[string];

/**
 * Occupancy of every active service: counts only, no one named. One statement: each service
 * with its own admission settings (not the whole settings document, nor the committee).
 */
export async function occupancy(ctx: Ctx): Promise<{ items: OccupancyItem[] }> {
  const r = await executeNamed<{
    id: string;
    name: string;
    kind: string;
    capacity: number | null;
    own: OwnSettings | null;
    occupied: number;
    waiting: number;
  }>(
    ctx.tx,
    'occupancy',
    sql`
    select s.id, s.name, s.kind, s.capacity,
      (select a.settings->'services'->(s.id::text) from admission_setting a limit 1) as own,
      (select count(*)::int from person p where p.service_id = s.id and p.status = 'active') as occupied,
      (select count(*)::int from waiting_list_entry e where e.service_id = s.id and e.status = 'waiting') as waiting
    from service s where s.archived_at is null order by lower(s.name), s.id`,
  );
  return {
    items: r.rows.map(({ own, occupied, waiting, ...row }) => {
      const s = serviceSetting(row, own ? { services: { [row.id]: own } } : {});
      return {
        serviceId: s.id,
        name: s.name,
        kind: s.kind,
        ...occupancyOf(s.capacity, occupied),
        waiting,
        decisionMode: s.decisionMode,
      };
    }),
  };
}

type EntryRow = {
  id: string;
  referral_id: string;
  reference: string;
  birth_name: string;
  used_name: string | null;
  first_names: string;
  birth_date: string;
  priority: string;
  since: string;
  reason: string | null;
  version: number;
  change_count: number;
  last_change_at: string | null;
};

type ChangeRow = {
  at: string;
  kind: string;
  from_priority: string | null;
  to_priority: string | null;
  reason: string | null;
  by: string | null;
};

/**
 * The waiting list of one service, in the committee's order (index `waiting_list_rank_idx`).
 * Each place comes with the number and date of its changes, not the changes themselves: the
 * history is read when a place is opened (`waitingHistory`). For those who examine the service's
 * referrals; the read is audited.
 */
export async function waitingList(ctx: Ctx, serviceId: string, limit: number): Promise<WaitingList> {
  if (!triages(ctx, serviceId)) throw notFound('waiting list');
  // One statement, prepared once per connection: the service and its own settings, its counts,
  // and the ranked places with the count and date of their changes (an index-only scan of
  // `waiting_list_change_entry_idx` per place), dates already in the API's ISO form.
  const r = await executeNamed<{
    service: { id: string; name: string; kind: string; capacity: number | null } | null;
    own: OwnSettings | null;
    occupied: number;
    waiting: number;
    items: EntryRow[];
  }>(
    ctx.tx,
    'waiting_list',
    sql`
    with w as (
      select e.id, e.referral_id, e.priority, e.since, e.reason, e.version, e.priority_rank from waiting_list_entry e
      where e.service_id = ${serviceId} and e.status = 'waiting' order by e.priority_rank, e.since, e.id limit ${limit})
    select
      (select json_build_object('id', s.id, 'name', s.name, 'kind', s.kind, 'capacity', s.capacity) from service s
        where s.id = ${serviceId} and s.archived_at is null) as service,
      (select settings->'services'->${serviceId}::text from admission_setting limit 1) as own,
      (select count(*)::int from person where service_id = ${serviceId} and status = 'active') as occupied,
      (select count(*)::int from waiting_list_entry where service_id = ${serviceId} and status = 'waiting') as waiting,
      coalesce((select json_agg(x order by x.priority_rank, x.since, x.id) from (
        select w.id, w.referral_id, r.reference, r.birth_name, r.used_name, r.first_names, r.birth_date::text as birth_date, w.priority,
          w.priority_rank, w.since::text as since, w.reason, w.version, h.change_count, h.last_change_at
        from w join referral r on r.id = w.referral_id
        cross join lateral (select count(*)::int as change_count,
            to_char(max(c.at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_change_at
          from waiting_list_change c where c.entry_id = w.id) h) x), '[]'::json) as items`,
  );
  const row = r.rows[0]!;
  if (!row.service) {
    throw new AppError('validation_failed', 'This service does not exist.', {
      errors: [{ path: 'querystring.serviceId', message: 'Unknown service', code: 'unknown_service' }],
    });
  }
  const setting = serviceSetting(row.service, row.own ? { services: { [serviceId]: row.own } } : {});
  await ctx.audit({
    action: 'waiting_list.read',
    resourceType: 'waiting_list',
    resourceId: serviceId,
    infoCategory: 'administrative',
    details: { results: row.items.length },
  });
  return {
    service: {
      serviceId,
      name: setting.name,
      kind: setting.kind,
      ...occupancyOf(setting.capacity, row.occupied),
      waiting: row.waiting,
      decisionMode: setting.decisionMode,
    },
    items: row.items.map((e, i) => ({
      id: e.id,
      rank: i + 1,
      referralId: e.referral_id,
      reference: e.reference,
      personName: referralPersonName({ birthName: e.birth_name, usedName: e.used_name, firstNames: e.first_names }),
      birthDate: e.birth_date,
      priority: e.priority as WaitingPriority,
      since: e.since,
      reason: e.reason,
      changeCount: e.change_count,
      lastChangeAt: e.last_change_at, // already ISO 8601 in UTC (to_char above): no parsing per place
      version: e.version,
    })),
  };
}

/**
 * The history of one place, latest change first: for those who examine the referrals of the
 * place's service (as the list), "not found" for anyone else. The read is audited.
 */
export async function waitingHistory(ctx: Ctx, entryId: string): Promise<WaitingHistory> {
  const r = await executeNamed<{ service_id: string; person_id: string } & { [K in keyof ChangeRow]: ChangeRow[K] | null }>(
    ctx.tx,
    'waiting_history',
    sql`
    select e.service_id, e.person_id, c.at, c.kind, c.from_priority, c.to_priority, c.reason, u.display_name as by
    from waiting_list_entry e
      left join waiting_list_change c on c.entry_id = e.id
      left join app_user u on u.id = c.by
    where e.id = ${entryId}
    order by c.at desc, c.id desc`,
  );
  const first = r.rows[0];
  if (!first || !triages(ctx, first.service_id)) throw notFound('waiting-list place');
  const items = r.rows
    .filter((c): c is typeof c & ChangeRow => c.kind !== null && c.at !== null)
    .map((c) => ({
      at: isoRequired(c.at),
      kind: c.kind as WaitingChangeKind,
      fromPriority: c.from_priority as WaitingPriority | null,
      toPriority: c.to_priority as WaitingPriority | null,
      reason: c.reason,
      by: c.by,
    }));
  await ctx.audit({
    action: 'waiting_list.history',
    resourceType: 'waiting_list_entry',
    resourceId: entryId,
    personId: first.person_id,
    infoCategory: 'administrative',
    details: { results: items.length },
  });
  return { entryId, items };
}

/** Changes a place's priority, or takes the person off the list, with the reason (If-Match on the place). */
export async function updateWaiting(
  ctx: Ctx,
  entryId: string,
  expected: number,
  input: { priority: WaitingPriority; reason: string } | { leave: true; reason: string },
): Promise<WaitingList> {
  const e = (await ctx.tx.select().from(waitingListEntry).where(eq(waitingListEntry.id, entryId)).for('update'))[0];
  if (!e) throw notFound('waiting-list place');
  const ref = (
    await ctx.tx.execute<{ service_id: string; person_id: string | null }>(
      sql`select service_id, person_id from referral where id = ${e.referralId}`,
    )
  ).rows[0]!;
  assertWrite(await referralAccess(ctx, { serviceId: ref.service_id, personId: ref.person_id }));
  if (e.status !== 'waiting') {
    throw new AppError('waiting_list.not_waiting', 'This person is no longer on the waiting list.', {
      errors: [{ path: 'status', message: `place ${e.status}`, code: 'not_waiting' }],
    });
  }
  if (e.version !== expected) {
    throw new AppError('precondition_failed', 'This place was changed in the meantime; here is the list as it is now.', {
      current: await waitingList(ctx, e.serviceId, 200),
    });
  }
  if ('priority' in input) {
    if (input.priority === e.priority) {
      throw new AppError('validation_failed', 'The priority is already this one.', {
        errors: [{ path: 'body.priority', message: 'unchanged', code: 'unchanged' }],
      });
    }
    await ctx.tx
      .update(waitingListEntry)
      .set({
        priority: input.priority,
        priorityRank: waitingPriorityRank[input.priority],
        reason: input.reason,
        updatedAt: new Date(),
        version: sql`${waitingListEntry.version} + 1`,
      })
      .where(and(eq(waitingListEntry.id, entryId)));
    await addWaitingChange(ctx, entryId, 'priority', { from: e.priority, to: input.priority, reason: input.reason });
  } else {
    await ctx.tx
      .update(waitingListEntry)
      .set({
        status: 'left',
        leftAt: new Date(),
        reason: input.reason,
        updatedAt: new Date(),
        version: sql`${waitingListEntry.version} + 1`,
      })
      .where(eq(waitingListEntry.id, entryId));
    await addWaitingChange(ctx, entryId, 'left', { from: e.priority, reason: input.reason });
  }
  await ctx.audit({
    action: 'priority' in input ? 'waiting_list.priority' : 'waiting_list.leave',
    resourceType: 'waiting_list_entry',
    resourceId: entryId,
    personId: e.personId,
    infoCategory: 'social',
    details: 'priority' in input ? { from: e.priority, to: input.priority } : {},
  });
  return waitingList(ctx, e.serviceId, 200);
}
