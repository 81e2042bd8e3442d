import { sql, type SQL } from 'drizzle-orm';
import type { JournalHandover, JournalUnread } from '@maillon/shared/coordination';
import { displayName } from '@maillon/shared/people';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { followedPeopleSql, mostSensitive } from './policy.ts';
import { entryColumns, toEntries, type EntryRow } from './read.ts';

// The handover (passation, issue 20 item 4): "since I was last here". For the signed-in user,
// the entries about the people whose care team they are in, written by others since their last
// acknowledgement of the handover (7 days when never), plus every entry still waiting for their
// acknowledgement; grouped by person, urgent first.

const FIRST_VISIT_DAYS = 7;

/** The candidate entries (`h`) with their person and flags, as SQL: the one definition of the list and the counts. */
function handoverSql(ctx: Ctx) {
  const me = ctx.actor.userId;
  return sql`with mark as (
      select coalesce((select read_until from journal_handover_mark where user_id = ${me}), now() - make_interval(days => ${FIRST_VISIT_DAYS})) as since
    ), followed as (${followedPeopleSql(ctx)}),
    pending as (select a.entry_id from journal_ack a where a.user_id = ${me} and a.acknowledged_at is null),
    h as (
      -- Two index paths (what was written since the mark; what waits for my acknowledgement), not
      -- one OR: an OR across them made PostgreSQL scan the whole table (docs/performance.md).
      select e.id, e.person_id, e.urgent, e.created_at, exists (select 1 from pending k where k.entry_id = e.id) as to_ack
      from followed f join journal_entry e on e.person_id = f.id
      where e.created_at > (select since from mark) and e.author_id <> ${me} and e.status = 'current' and e.category = any(f.cats)
      union all
      select e.id, e.person_id, e.urgent, e.created_at, true
      from pending k join journal_entry e on e.id = k.entry_id join followed f on f.id = e.person_id
      where e.status = 'current' and e.category = any(f.cats)
        and not (e.created_at > (select since from mark) and e.author_id <> ${me})
    )`;
}

/**
 * The handover's groups in one pass over the candidates: one row per person with the counts and
 * the ids of the entries shown (urgent, then to acknowledge, then newest; at most `perPerson`).
 * The bench's floor runs it too.
 */
export function handoverGroupsSql(ctx: Ctx, perPerson: number): SQL {
  // Aggregated by person first, the names joined to the 150 groups after (not to 20 000 rows).
  return sql`${handoverSql(ctx)}
    select g.person_id, p.birth_name, p.used_name, p.first_names, g.count, g.urgent_count, g.to_ack_count, g.latest, g.top_ids
    from (select h.person_id, count(*)::int as count, count(*) filter (where h.urgent)::int as urgent_count,
        count(*) filter (where h.to_ack)::int as to_ack_count, max(h.created_at) as latest,
        (array_agg(h.id order by h.urgent desc, h.to_ack desc, h.created_at desc, h.id desc))[1:${perPerson}] as top_ids,
        bool_or(h.urgent) as any_urgent, bool_or(h.to_ack) as any_to_ack
      from h group by h.person_id) g
    join person p on p.id = g.person_id
    order by g.any_urgent desc, g.any_to_ack desc, g.latest desc, g.person_id`;
}

/** The entries shown by the handover, by their ids (an index lookup each). */
export function handoverEntriesSql(ids: readonly string[]): SQL {
  return sql`select ${entryColumns} from journal_entry e join person p on p.id = e.person_id
    where e.id = any(${`{${ids.join(',')}}`}::uuid[])`;
}

export async function handover(ctx: Ctx, perPerson: number): Promise<JournalHandover> {
  const asOf = await ctx.tx.execute<{ now: string; since: string | null }>(
    sql`select now()::text as now, (select read_until from journal_handover_mark where user_id = ${ctx.actor.userId})::text as since`,
  );
  const groups = await ctx.tx.execute<{
    person_id: string;
    birth_name: string;
    used_name: string | null;
    first_names: string;
    count: number;
    urgent_count: number;
    to_ack_count: number;
    latest: string;
    top_ids: string[];
  }>(handoverGroupsSql(ctx, perPerson));
  const shown = groups.rows.flatMap((g) => g.top_ids);
  const top = shown.length ? await ctx.tx.execute<EntryRow>(handoverEntriesSql(shown)) : { rows: [] as EntryRow[] };
  const entries = await toEntries(ctx, top.rows);
  const byPerson = new Map<string, typeof entries>();
  for (const e of entries) byPerson.set(e.person.id, [...(byPerson.get(e.person.id) ?? []), e]);
  // Within a person: urgent first, then what waits for my acknowledgement, then newest.
  const rank = (e: (typeof entries)[number]) => [e.urgent ? 0 : 1, e.acknowledgement?.mine === 'pending' ? 0 : 1];
  for (const list of byPerson.values())
    list.sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      return ra[0]! - rb[0]! || ra[1]! - rb[1]! || b.writtenAt.localeCompare(a.writtenAt) || b.id.localeCompare(a.id);
    });
  const people = groups.rows.map((g) => ({
    person: { id: g.person_id, displayName: displayName({ birthName: g.birth_name, usedName: g.used_name, firstNames: g.first_names }) },
    count: g.count,
    urgentCount: g.urgent_count,
    toAcknowledgeCount: g.to_ack_count,
    entries: byPerson.get(g.person_id) ?? [],
  }));
  await ctx.audit({
    action: 'journal.handover',
    resourceType: 'journal_entry',
    infoCategory: mostSensitive(entries.length ? entries.map((e) => e.category) : ['administrative']),
    details: { results: entries.length, people: people.map((p) => p.person.id) },
  });
  return {
    asOf: isoRequired(asOf.rows[0]!.now),
    since: asOf.rows[0]!.since ? isoRequired(asOf.rows[0]!.since) : null,
    totals: {
      entries: people.reduce((n, p) => n + p.count, 0),
      urgent: people.reduce((n, p) => n + p.urgentCount, 0),
      toAcknowledge: people.reduce((n, p) => n + p.toAcknowledgeCount, 0),
    },
    people,
  };
}

/** The counts of the navigation: no content, so no audit row. */
export async function unreadCounts(ctx: Ctx): Promise<JournalUnread> {
  const r = await ctx.tx.execute<{ since: string | null; entries: number; urgent: number; to_ack: number }>(sql`${handoverSql(ctx)}
    select (select read_until from journal_handover_mark where user_id = ${ctx.actor.userId})::text as since,
      count(*)::int as entries, count(*) filter (where h.urgent)::int as urgent, count(*) filter (where h.to_ack)::int as to_ack from h`);
  const x = r.rows[0]!;
  return { since: x.since ? isoRequired(x.since) : null, entries: x.entries, urgent: x.urgent, toAcknowledge: x.to_ack };
}

/** "I have read the handover up to `asOf`": the mark moves forward, never back, never past now. */
export async function acknowledgeHandover(ctx: Ctx, asOf: string): Promise<JournalUnread> {
  await ctx.tx
    .execute(sql`insert into journal_handover_mark (user_id, read_until) values (${ctx.actor.userId}, least(${asOf}::timestamptz, now()))
    on conflict (tenant_id, user_id) do update set read_until = greatest(journal_handover_mark.read_until, excluded.read_until), updated_at = now()`);
  await ctx.audit({ action: 'journal.handover_ack', resourceType: 'journal_entry', infoCategory: 'administrative' });
  return unreadCounts(ctx);
}
