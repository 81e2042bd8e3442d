import { sql, type SQL } from 'drizzle-orm';
import type { JournalEntry, JournalKind } from '@maillon/shared/coordination';
import type { Profession, Role } from '@maillon/shared/identity';
import { displayName, type InfoCategory } from '@maillon/shared/people';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import type { PersonAccess } from '../access/public.ts';
import { abilitiesOf, accessMany } from './policy.ts';

// Reading entries into their API shape (STYLE.md 3: never a table row): one statement for the
// entries, one for their recipients, one for their attachments, one for the access of the
// people they are about (lists).

export type EntryRow = {
  id: string;
  person_id: string;
  birth_name: string;
  used_name: string | null;
  first_names: string;
  kind: string;
  category: string;
  urgent: boolean;
  body: string | null;
  target: { cible: string; data?: string; actions?: string; results?: string } | null;
  fact_at: string;
  fact_key: string;
  created_at: string;
  created_key: string;
  updated_at: string;
  author_id: string;
  author_name: string;
  author_role: string | null;
  author_profession: string | null;
  version: number;
  status: string;
  error_at: string | null;
  error_reason: string | null;
  error_by: string | null;
  error_by_name: string | null;
  goal_id: string | null;
  action_id: string | null;
  assessment_id: string | null;
  referral_id: string | null;
  attachment_ids: string[];
  ack_care_team: boolean;
  ack_service_id: string | null;
};

/** The columns of an entry as `EntryRow`, over `journal_entry e` joined with `person p`. */
export const entryColumns = sql`e.id, e.person_id, p.birth_name, p.used_name, p.first_names, e.kind, e.category, e.urgent, e.body, e.target,
  e.fact_at, e.fact_at::text as fact_key, e.created_at, e.created_at::text as created_key, e.updated_at, e.author_id,
  (select u.display_name from app_user u where u.id = e.author_id) as author_name,
  (select m.role from membership m where m.user_id = e.author_id and m.tenant_id = e.tenant_id) as author_role,
  (select m.profession from membership m where m.user_id = e.author_id and m.tenant_id = e.tenant_id) as author_profession,
  e.version, e.status, e.error_at, e.error_reason, e.error_by,
  (select u.display_name from app_user u where u.id = e.error_by) as error_by_name,
  e.goal_id, e.action_id, e.assessment_id, e.referral_id, e.attachment_ids, e.ack_care_team, e.ack_service_id`;

/** One entry by id (RLS: of the caller's organisation), whatever the caller may read: the caller decides. */
export async function loadEntryRow(ctx: Ctx, id: string, lock = false): Promise<EntryRow | undefined> {
  const r = await ctx.tx.execute<EntryRow>(
    sql`select ${entryColumns} from journal_entry e join person p on p.id = e.person_id where e.id = ${id} ${lock ? sql`for update of e` : sql``}`,
  );
  return r.rows[0];
}

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

type AckRow = {
  entry_id: string;
  user_id: string;
  display_name: string;
  acknowledged_at: string | null;
};

/**
 * The API shape of entries. `accessOf`: the caller's access per person (a single person's
 * timeline knows it; lists read it for the people of the page in one statement).
 */
export async function toEntries(ctx: Ctx, rows: EntryRow[], known?: PersonAccess): Promise<JournalEntry[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const people = [...new Set(rows.map((r) => r.person_id))];
  const access =
    known && people.length === 1 && people[0] === known.personId ? new Map([[known.personId, known]]) : await accessMany(ctx, people);
  const acks = await ctx.tx.execute<AckRow>(sql`select a.entry_id, a.user_id, u.display_name, a.acknowledged_at from journal_ack a
    join app_user u on u.id = a.user_id where a.entry_id = any(${uuidArray(ids)}::uuid[]) order by u.display_name, a.user_id`);
  const byEntry = new Map<string, AckRow[]>();
  for (const a of acks.rows) byEntry.set(a.entry_id, [...(byEntry.get(a.entry_id) ?? []), a]);
  const docIds = [...new Set(rows.flatMap((r) => r.attachment_ids ?? []))];
  const docs = docIds.length
    ? await ctx.tx.execute<{ id: string; person_id: string; title: string; type: string; category: string }>(
        sql`select d.id, d.person_id, d.title, d.type, d.category from person_document d where d.id = any(${uuidArray(docIds)}::uuid[])`,
      )
    : { rows: [] };
  const docById = new Map(docs.rows.map((d) => [d.id, d]));
  return rows.map((r) => {
    const acc = access.get(r.person_id);
    const recipients = byEntry.get(r.id) ?? [];
    const mine = recipients.find((a) => a.user_id === ctx.actor.userId);
    const attachments = (r.attachment_ids ?? [])
      .map((id) => docById.get(id))
      .filter((d): d is NonNullable<typeof d> => !!d && d.person_id === r.person_id && !!acc?.categories.has(d.category as InfoCategory))
      .map((d) => ({ id: d.id, title: d.title, type: d.type }));
    return {
      id: r.id,
      person: { id: r.person_id, displayName: displayName({ birthName: r.birth_name, usedName: r.used_name, firstNames: r.first_names }) },
      kind: r.kind as JournalKind,
      category: r.category as InfoCategory,
      urgent: r.urgent,
      text: r.body,
      target: r.target
        ? { cible: r.target.cible, data: r.target.data ?? null, actions: r.target.actions ?? null, results: r.target.results ?? null }
        : null,
      factAt: isoRequired(r.fact_at),
      writtenAt: isoRequired(r.created_at),
      updatedAt: isoRequired(r.updated_at),
      author: {
        id: r.author_id,
        displayName: r.author_name,
        role: r.author_role as Role | null,
        profession: r.author_profession as Profession | null,
      },
      version: r.version,
      status: r.status as JournalEntry['status'],
      enteredInError:
        r.status === 'entered_in_error' && r.error_at && r.error_by
          ? { at: isoRequired(r.error_at), by: { id: r.error_by, displayName: r.error_by_name ?? '' }, reason: r.error_reason ?? '' }
          : null,
      links: { goalId: r.goal_id, actionId: r.action_id, assessmentId: r.assessment_id, referralId: r.referral_id },
      attachments,
      acknowledgement:
        recipients.length || r.ack_care_team || r.ack_service_id
          ? {
              careTeam: r.ack_care_team,
              serviceId: r.ack_service_id,
              recipients: recipients.map((a) => ({
                userId: a.user_id,
                displayName: a.display_name,
                acknowledgedAt: a.acknowledged_at ? isoRequired(a.acknowledged_at) : null,
              })),
              pending: recipients.filter((a) => !a.acknowledged_at).length,
              mine: mine ? (mine.acknowledged_at ? 'done' : 'pending') : null,
            }
          : null,
      can: abilitiesOf(ctx, acc, {
        authorId: r.author_id,
        status: r.status,
        category: r.category,
        ackPending: !!mine && !mine.acknowledged_at,
      }),
    };
  });
}

/** Filters shared by the timeline, the service journal and the search, as SQL over `e`. */
export function filterSql(q: {
  kind?: string | undefined;
  category?: string | undefined;
  authorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  urgent?: boolean | 'true' | 'false' | undefined;
}): SQL {
  const parts: SQL[] = [];
  if (q.kind) parts.push(sql`e.kind = ${q.kind}`);
  if (q.category) parts.push(sql`e.category = ${q.category}`);
  if (q.authorId) parts.push(sql`e.author_id = ${q.authorId}`);
  // Days are Paris days (the product's "today").
  if (q.from) parts.push(sql`e.fact_at >= (${q.from}::date)::timestamp at time zone 'Europe/Paris'`);
  if (q.to) parts.push(sql`e.fact_at < ((${q.to}::date + 1)::timestamp at time zone 'Europe/Paris')`);
  if (q.urgent === true || q.urgent === 'true') parts.push(sql`e.urgent`);
  if (q.urgent === false || q.urgent === 'false') parts.push(sql`not e.urgent`);
  return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

/** Newest fact first, keyset on (fact_at, id). */
export function afterCursorSql(key: string[] | null): SQL {
  return key ? sql`and (e.fact_at, e.id) < (${key[0]}::timestamptz, ${key[1]}::uuid)` : sql``;
}
