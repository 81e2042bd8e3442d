import { sql, type SQL } from 'drizzle-orm';
import { categoriesFor, professionalCategoryOf, servicePolicyScope, type InfoCategory } from '@maillon/shared/people';
import type { Profession, Role } from '@maillon/shared/identity';
import { notFound, Refusal, type RefusalTrace } from '../../lib/errors.ts';
import type { Ctx } from '../../plugins/context.ts';

export type AccessVia = 'care_team' | 'service_policy' | 'consent' | 'break_glass';

/** What the caller may do with one person's record, decided in the same transaction as the read (SEC-AZ-08). */
export interface PersonAccess {
  personId: string;
  via: AccessVia;
  categories: Set<InfoCategory>;
  readOnly: boolean;
  breakGlassId: string | null;
  breakGlassUntil: Date | null;
  isCareTeamMember: boolean;
  mergedInto: string | null;
}

/** Most sensitive first (restricted, health, social, administrative). */
const sensitivity: Record<InfoCategory, number> = { restricted: 0, health: 1, social: 2, administrative: 3 };

/** The most sensitive of the categories a read or write touched, `none` when it touched none: the one an audit row names. */
export function mostSensitive<C extends InfoCategory>(cats: Iterable<C>, none: C): C {
  let best: C | null = null;
  for (const c of cats) if (best === null || sensitivity[c] < sensitivity[best]) best = c;
  return best ?? none;
}

/** The purpose an audit row records for a read through this access: an emergency (break-glass) or care. */
export const purposeOf = (access: Pick<PersonAccess, 'via'> | null | undefined) =>
  access?.via === 'break_glass' ? ('break_glass' as const) : ('care' as const);

/** What `accessFactsSql` reads about one record for the caller. */
export type AccessFacts = {
  access_service_id: string | null;
  access_merged_into: string | null;
  team_restricted: boolean | null;
  /** the caller's emergency access to this record still running, the one that ends last */
  break_glass: { id: string; until: string } | null;
  consent_categories: string[] | null;
  objection: boolean;
};

/**
 * The rules of DESIGN.md §4 for one person (FR-01, FR-03, FR-04, FR-05, FR-06):
 * - a care-team member (active dates) reads the categories of their profession, plus
 *   `restricted` when named for it;
 * - the service policy (`servicePolicyScope`): coordinators and directors read the records of
 *   their service (every service without one), the médecin coordonnateur and the infirmière
 *   coordinatrice those of their service;
 * - an external partner must be in the care team AND covered by an active consent for their
 *   category of professionals, with no objection; they read the consented categories only;
 * - break-glass: read-only, time-boxed, administrative + social + health.
 * Anything else is "not found" (SEC-AZ-03). Nothing is cached: the next request sees changes.
 */
export async function resolveAccess(ctx: Ctx, personId: string): Promise<PersonAccess> {
  const r = await ctx.tx.execute<{ facts: AccessFacts }>(
    sql`select ${accessFactsSql(ctx, sql`p`)} as facts from person p where p.id = ${personId}`,
  );
  return decideAccess(ctx, personId, r.rows[0]?.facts);
}

/**
 * The facts `resolveAccess` decides on, as one JSON value of a query over `person` aliased
 * `alias`: a caller that reads the record anyway gets its access in the same statement
 * (opening a record is one query, docs/performance.md), then calls `decideAccess`.
 */
export function accessFactsSql(ctx: Ctx, alias: SQL): SQL {
  const a = ctx.actor;
  const profCategory = professionalCategoryOf((a.profession ?? null) as Profession | null);
  const userId = a.userId ?? null;
  return sql`json_build_object('access_service_id', ${alias}.service_id, 'access_merged_into', ${alias}.merged_into,
      'team_restricted', (select bool_or(c.restricted_access) from care_team_member c
        where c.person_id = ${alias}.id and c.user_id = ${userId} and ${activeMembershipSql(sql`c`)}),
      'break_glass', (select json_build_object('id', b.id, 'until', b.expires_at) from break_glass b
        where b.person_id = ${alias}.id and b.user_id = ${userId} and b.expires_at > now() order by b.expires_at desc limit 1),
      'consent_categories', (select array_agg(distinct cat) from consent k, unnest(k.info_categories) cat
        where k.person_id = ${alias}.id and k.decision = 'consent' and k.ended_at is null and ${profCategory} = any(k.professional_categories)),
      'objection', exists (select 1 from consent k where k.person_id = ${alias}.id and k.decision = 'objection' and k.ended_at is null
        and ${profCategory} = any(k.professional_categories)))`;
}

/**
 * The audit trace of a refused attempt on a record (SEC-LOG-02). `person_id` names only a person
 * of the caller's organisation: for an id that names nobody there (or a person RLS hides, of
 * another organisation) it stays null and the id asked for is kept as `resource_id`.
 */
function refusalOf(personId: string, exists: boolean, reason: string, category?: InfoCategory): RefusalTrace {
  return {
    action: 'person.access_denied',
    resourceType: 'person',
    resourceId: personId,
    personId: exists ? personId : null,
    infoCategory: category ?? null,
    details: { reason },
  };
}

/**
 * Refused: "not found" (SEC-AZ-03), whether the person exists in another care team or not at
 * all; the refusal is recorded so that `withCtx` audits it after the rollback, unless the
 * service catches it and goes on.
 */
function refuse(ctx: Ctx, personId: string, exists: boolean): never {
  ctx.refusals.push(refusalOf(personId, exists, 'need_to_know'));
  throw notFound('person');
}

function servesRecord(policy: ReturnType<typeof servicePolicyScope>, own: string | null, recordService: string | null): boolean {
  return policy === 'all_services' || (policy === 'own_service' && own !== null && own === recordService);
}

/** The decision of `resolveAccess` on the facts read by `accessFactsSql` (undefined: no such person). */
export function decideAccess(ctx: Ctx, personId: string, f: AccessFacts | undefined): PersonAccess {
  const a = ctx.actor;
  if (!a.userId || !a.role || !f) return refuse(ctx, personId, !!f);
  const role = a.role as Role;
  const profession = (a.profession ?? null) as Profession | null;
  const own = new Set<InfoCategory>(categoriesFor(role, profession));
  const inTeam = f.team_restricted !== null;
  const base = { personId, breakGlassId: null, breakGlassUntil: null, isCareTeamMember: inTeam, mergedInto: f.access_merged_into };

  if (role === 'external_partner') {
    const consented = f.consent_categories ?? [];
    if (inTeam && !f.objection && consented.length) {
      // A partner never gets more than both the consent and their profession allow.
      const allowed = new Set([...own].filter((c) => consented.includes(c)));
      if (f.team_restricted && consented.includes('restricted')) allowed.add('restricted');
      if (allowed.size) return { ...base, via: 'consent', categories: allowed, readOnly: false };
    }
  } else if (inTeam && own.size) {
    const cats = new Set(own);
    if (f.team_restricted) cats.add('restricted');
    return { ...base, via: 'care_team', categories: cats, readOnly: false };
  } else if (own.size && servesRecord(servicePolicyScope(role, profession, a.serviceId), a.serviceId, f.access_service_id)) {
    return { ...base, via: 'service_policy', categories: own, readOnly: false };
  }
  if (f.break_glass) {
    return {
      ...base,
      via: 'break_glass',
      categories: new Set<InfoCategory>(['administrative', 'social', 'health']),
      readOnly: true,
      breakGlassId: f.break_glass.id,
      breakGlassUntil: new Date(f.break_glass.until),
    };
  }
  return refuse(ctx, personId, true);
}

/** Refuses writes through a read-only (break-glass) access, and writes of a category not granted; both audited. */
export function assertCanWrite(access: PersonAccess, category: InfoCategory): void {
  if (access.readOnly) {
    throw new Refusal('forbidden', 'Emergency access is read-only.', refusalOf(access.personId, true, 'read_only', category));
  }
  if (!access.categories.has(category)) {
    throw new Refusal('not_found', notFound('person').detail!, refusalOf(access.personId, true, 'category', category));
  }
}

/** Refuses reading a category not granted (the record itself is visible to the caller); audited. */
export function assertCanRead(access: PersonAccess, category: InfoCategory): void {
  if (!access.categories.has(category)) {
    throw new Refusal('not_found', notFound('information').detail!, refusalOf(access.personId, true, 'category', category));
  }
}

/**
 * The same rules as `resolveAccess`, as a SQL condition on the `person` row aliased `person` (e.g.
 * sql`p`) for lists and searches (STYLE.md 6: access in the query). Break-glass does not list people.
 */
export function visiblePeopleSql(ctx: Ctx, person: SQL): SQL {
  const a = ctx.actor;
  const role = a.role as Role | null;
  const profession = (a.profession ?? null) as Profession | null;
  if (!a.userId || !role || categoriesFor(role, profession).length === 0) return sql`false`;
  const team = isMember(ctx, person);
  if (role === 'external_partner') {
    const pc = professionalCategoryOf(profession);
    return sql`(${team} and exists (select 1 from consent k where k.person_id = ${person}.id and k.decision = 'consent' and k.ended_at is null and ${pc} = any(k.professional_categories))
      and not exists (select 1 from consent k where k.person_id = ${person}.id and k.decision = 'objection' and k.ended_at is null and ${pc} = any(k.professional_categories)))`;
  }
  const policy = servicePolicyScope(role, profession, a.serviceId);
  if (policy === 'all_services') return sql`true`;
  if (policy === 'own_service') return sql`(${team} or ${person}.service_id = ${a.serviceId})`;
  return team;
}

/** Whether the caller is in the care team (in force) of the person row aliased `person`. */
export function isMember(ctx: Ctx, person: SQL): SQL {
  return sql`exists (select 1 from care_team_member c where c.person_id = ${person}.id and c.user_id = ${ctx.actor.userId}
    and ${activeMembershipSql(sql`c`)})`;
}

/**
 * A care-team membership (`alias` over `care_team_member`) in force now: started, not past its
 * end date (the last day included), and not ended early. Ending a membership today sets
 * `ended_at`, so that it ends at the next request rather than at midnight (SEC-AZ-06). The one
 * definition of "in the care team" for every module.
 */
export function activeMembershipSql(alias: SQL): SQL {
  return sql`(${alias}.start_date <= current_date and (${alias}.end_date is null or ${alias}.end_date >= current_date) and ${alias}.ended_at is null)`;
}

/**
 * FR-12: whether this relative of the person holds a recorded, current mandate to decide for
 * them (named legal representative, or protector under a current legal protection measure).
 */
export async function hasLegalMandate(ctx: Ctx, personId: string, relativeId: string): Promise<boolean> {
  const r = await ctx.tx.execute(sql`
    select 1 from person_relative rel where rel.id = ${relativeId} and rel.person_id = ${personId} and rel.archived_at is null
      and (rel.is_legal_representative or exists (select 1 from legal_protection lp where lp.relative_id = rel.id and lp.archived_at is null
        and lp.start_date <= current_date and (lp.end_date is null or lp.end_date >= current_date)))`);
  return (r.rowCount ?? 0) > 0;
}

/** FR-12: the person is under a current guardianship (tutelle) covering their person: their representative decides with them. */
export async function underGuardianship(ctx: Ctx, personId: string): Promise<boolean> {
  const r = await ctx.tx.execute(sql`
    select 1 from legal_protection lp where lp.person_id = ${personId} and lp.archived_at is null and lp.kind = 'tutelle'
      and lp.covers in ('person', 'both') and lp.start_date <= current_date and (lp.end_date is null or lp.end_date >= current_date)`);
  return (r.rowCount ?? 0) > 0;
}
