import { sql, type SQL } from 'drizzle-orm';
import type { Profession, Role } from '@maillon/shared/identity';
import { categoriesFor, professionalCategoryOf, type InfoCategory } from '@maillon/shared/people';
import { AppError, notFound, type RefusalTrace } from '../../lib/errors.ts';
import type { Ctx } from '../../plugins/context.ts';
import {
  accessFactsSql,
  activeMembershipSql,
  decideAccess,
  resolveAccess,
  visiblePeopleSql,
  type AccessFacts,
  type PersonAccess,
} from '../access/public.ts';

// Who may read and write journal entries (issue 20 item 2), decided here once. The person-level
// rules (care team, service policy, consent for partners, break-glass read-only) are the access
// module's: an entry is visible exactly to those who may read its category for that person.

/** Most sensitive first: an audit row names the most sensitive category it touched. */
export const mostSensitive = (cats: Iterable<string>): InfoCategory => {
  const set = new Set(cats);
  return set.has('restricted') ? 'restricted' : set.has('health') ? 'health' : set.has('social') ? 'social' : 'administrative';
};

export const purposeOf = (access: PersonAccess) => (access.via === 'break_glass' ? ('break_glass' as const) : ('care' as const));

/** The caller's access to a person's journal; a person they may not read is "not found" (SEC-AZ-03), the refusal audited. */
export async function journalAccess(ctx: Ctx, personId: string): Promise<PersonAccess> {
  return resolveAccess(ctx, personId);
}

/** The access of the caller to each of these people, in one statement (lists: `can` and attachments per entry). */
export async function accessMany(ctx: Ctx, personIds: string[]): Promise<Map<string, PersonAccess>> {
  const out = new Map<string, PersonAccess>();
  if (!personIds.length) return out;
  const r = await ctx.tx.execute<{ id: string; facts: AccessFacts }>(
    sql`select p.id, ${accessFactsSql(ctx, sql`p`)} as facts from person p where p.id = any(${`{${personIds.join(',')}}`}::uuid[])`,
  );
  // A probe: whoever is not readable any more simply gets no `can` (the list already filtered in SQL).
  const probe: Ctx = { ...ctx, refusals: [] };
  for (const row of r.rows) {
    try {
      out.set(row.id, decideAccess(probe, row.id, row.facts));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
  }
  return out;
}

/** The trace of a refused attempt on an entry (SEC-LOG-02). */
export function entryTrace(entryId: string | null, personId: string | null, reason: string, category?: string | null): RefusalTrace {
  return {
    action: 'journal.denied',
    resourceType: 'journal_entry',
    resourceId: entryId,
    personId,
    infoCategory: (category ?? null) as InfoCategory | null,
    details: { reason },
  };
}

export const entryNotFound = () => notFound('journal entry');

/**
 * The same rules as `resolveAccess` + the entry's category, as a SQL condition over `e`
 * (journal_entry) joined with `p` (its person), for lists and searches (STYLE.md 6).
 * Break-glass does not list: it reads one person's journal only.
 */
export function visibleEntrySql(ctx: Ctx): SQL {
  const a = ctx.actor;
  const role = a.role as Role | null;
  const profession = (a.profession ?? null) as Profession | null;
  if (!a.userId || !role) return sql`false`;
  const own = categoriesFor(role, profession);
  if (!own.length) return sql`false`;
  const ownArr = `{${own.join(',')}}`;
  const restricted = sql`(e.category = 'restricted' and exists (select 1 from care_team_member c where c.person_id = p.id
    and c.user_id = ${a.userId} and c.restricted_access and ${activeMembershipSql(sql`c`)}))`;
  const byCategory = sql`(e.category = any(${ownArr}::text[]) or ${restricted})`;
  if (role === 'external_partner') {
    const pc = professionalCategoryOf(profession);
    return sql`(${visiblePeopleSql(ctx, sql`p`)} and ${byCategory} and exists (select 1 from consent k where k.person_id = p.id
      and k.decision = 'consent' and k.ended_at is null and ${pc} = any(k.professional_categories) and e.category = any(k.info_categories)))`;
  }
  return sql`(${visiblePeopleSql(ctx, sql`p`)} and ${byCategory})`;
}

/**
 * The people the caller follows (is in the care team of), each with the categories they read
 * there, as rows `(id, cats)`: the handover and the unread counts start from them.
 */
export function followedPeopleSql(ctx: Ctx): SQL {
  const a = ctx.actor;
  const role = a.role as Role | null;
  const profession = (a.profession ?? null) as Profession | null;
  const own = role ? categoriesFor(role, profession) : [];
  if (!a.userId || !own.length) return sql`select null::uuid as id, null::text[] as cats where false`;
  const ownArr = `{${own.join(',')}}`;
  const team = sql`select c.person_id, bool_or(c.restricted_access) as restricted from care_team_member c
    where c.user_id = ${a.userId} and ${activeMembershipSql(sql`c`)} group by c.person_id`;
  if (role === 'external_partner') {
    const pc = professionalCategoryOf(profession);
    return sql`select t.person_id as id, array(select x from unnest(${ownArr}::text[] || case when t.restricted then array['restricted'] else array[]::text[] end) x
        where x = any(coalesce((select array_agg(distinct cat) from consent k, unnest(k.info_categories) cat where k.person_id = t.person_id
          and k.decision = 'consent' and k.ended_at is null and ${pc} = any(k.professional_categories)), array[]::text[]))) as cats
      from (${team}) t
      where not exists (select 1 from consent k where k.person_id = t.person_id and k.decision = 'objection' and k.ended_at is null
        and ${pc} = any(k.professional_categories))`;
  }
  return sql`select t.person_id as id, ${ownArr}::text[] || case when t.restricted then array['restricted'] else array[]::text[] end as cats
    from (${team}) t`;
}

/** What the caller may do with an entry (STYLE.md 5): computed here, sent with it. */
export function abilitiesOf(
  ctx: Ctx,
  access: PersonAccess | undefined,
  e: { authorId: string; status: string; category: string; ackPending: boolean },
) {
  const writer =
    !!access && !access.readOnly && ctx.actor.permissions.has('journal.write') && access.categories.has(e.category as InfoCategory);
  const mayEdit = writer && e.status === 'current' && (e.authorId === ctx.actor.userId || ctx.actor.permissions.has('careteam.manage'));
  return { correct: mayEdit, enterInError: mayEdit, acknowledge: e.ackPending && e.status === 'current' };
}

/** A context acting as another member (a named recipient, a stream subscriber): same rules, own refusals. */
export function asMember(
  ctx: Ctx,
  m: {
    userId: string;
    role: string | null;
    profession: string | null;
    serviceId: string | null;
    permissions?: Ctx['actor']['permissions'];
  },
): Ctx {
  return {
    ...ctx,
    refusals: [],
    actor: {
      ...ctx.actor,
      userId: m.userId,
      role: m.role,
      profession: m.profession,
      serviceId: m.serviceId,
      permissions: m.permissions ?? new Set(),
    },
  };
}
