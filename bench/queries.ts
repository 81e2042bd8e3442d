/**
 * The SQL the services build, written out by hand for the raw-SQL floor and for EXPLAIN.
 * Keep in step with packages/server/src/modules/people/person.service.ts (searchPeople,
 * getPerson, findDuplicates) and modules/access/service.ts (resolveAccess, visiblePeopleSql)
 * for a coordinator attached to a service (the actor of the bench).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { professionalCategoryOf, searchForm } from '@maillon/shared/people';
import type { Profession } from '@maillon/shared/identity';

export interface Actor {
  tenantId: string;
  userId: string;
  role: 'coordinator';
  profession: string;
  serviceId: string;
}

export interface Query {
  text: string;
  values: unknown[];
}

/** Numbered parameters, in the order they appear in the text (as drizzle's sql`` renders them). */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const SUMMARY_COLUMNS = `p.id, p.birth_name, p.used_name, p.first_names, p.birth_date::text as birth_date, p.commune,
  p.service_id, s.name as service_name, p.status, u.display_name as referent_name, p.updated_at, p.sort_name`;
const SUMMARY_FROM = `person p left join service s on s.id = p.service_id left join app_user u on u.id = p.referent_user_id`;

/** visiblePeopleSql() for a coordinator with a service: care team (active dates) or the service policy. */
function visible(a: Actor, p: Params): string {
  return `(exists (select 1 from care_team_member c where c.person_id = p.id and c.user_id = ${p.add(a.userId)}
    and c.start_date <= current_date and (c.end_date is null or c.end_date >= current_date)) or p.service_id = ${p.add(a.serviceId)})`;
}

export interface CaseloadParams {
  q?: string;
  status: 'active' | 'waiting' | 'ended';
  cursor?: [string, string];
  limit: number;
}

/** searchPeople() with scope "all" and sort "name". */
export function caseloadQuery(a: Actor, c: CaseloadParams): Query {
  const p = new Params();
  const vis = visible(a, p);
  const term = c.q ? searchForm(c.q) : '';
  const nameFilter = term
    ? `and (p.search_name like ${p.add('%' + term.replace(/[%_\\]/g, '') + '%')} or ${p.add(term)} <% p.search_name)`
    : '';
  const status = `and p.status = ${p.add(c.status)}`;
  const keyset = c.cursor ? `and (p.sort_name, p.id) > (${p.add(c.cursor[0])}, ${p.add(c.cursor[1])}::uuid)` : '';
  const text = `select ${SUMMARY_COLUMNS} from ${SUMMARY_FROM}
    where p.merged_into is null and ${vis} ${nameFilter}
      ${status}
      ${keyset}
    order by p.sort_name, p.id limit ${p.add(c.limit + 1)}`;
  return { text, values: p.values };
}

/** getPerson(): the record, the names shown with it and its access facts, in one statement (accessFactsSql). */
/** accessFactsSql() (access/service.ts) over the person aliased `p`. */
export function accessFacts(a: Actor, p: Params): string {
  const uid = () => p.add(a.userId);
  const cat = professionalCategoryOf(a.profession as Profession);
  return `json_build_object('access_service_id', p.service_id, 'access_merged_into', p.merged_into,
      'team_restricted', (select bool_or(c.restricted_access) from care_team_member c
        where c.person_id = p.id and c.user_id = ${uid()} and c.start_date <= current_date
          and (c.end_date is null or c.end_date >= current_date)),
      'break_glass', (select json_build_object('id', b.id, 'until', b.expires_at) from break_glass b
        where b.person_id = p.id and b.user_id = ${uid()} and b.expires_at > now() order by b.expires_at desc limit 1),
      'consent_categories', (select array_agg(distinct cat) from consent k, unnest(k.info_categories) cat
        where k.person_id = p.id and k.decision = 'consent' and k.ended_at is null and ${p.add(cat)} = any(k.professional_categories)),
      'objection', exists (select 1 from consent k where k.person_id = p.id and k.decision = 'objection' and k.ended_at is null
        and ${p.add(cat)} = any(k.professional_categories)))`;
}

export function accessQuery(a: Actor, personId: string): Query {
  const p = new Params();
  const text = `
    select p.*, (select name from service where id = p.service_id) as _service_name,
      (select display_name from app_user where id = p.referent_user_id) as _referent_name,
      ${accessFacts(a, p)} as _facts
    from person p where p.id = ${p.add(personId)}`;
  return { text, values: p.values };
}

/** getPerson() as the server runs it: one named statement. */
export async function openRecord(client: pg.ClientBase, a: Actor, personId: string): Promise<void> {
  await client.query(named(accessQuery(a, personId)));
}

/**
 * A query as a named prepared statement, as the server runs its hot queries (db/tx.ts
 * executeNamed): planned once per connection, the name derived from the text.
 */
export function named(q: Query): pg.QueryConfig {
  return { name: `floor_${createHash('sha1').update(q.text).digest('hex').slice(0, 12)}`, text: q.text, values: q.values };
}

export interface DuplicateParams {
  birthName: string;
  usedName?: string | null;
  firstNames: string;
  birthDate: string;
}

/** findDuplicates() without an INS matricule. */
export function duplicatesQuery(d: DuplicateParams): Query {
  const p = new Params();
  const birth = searchForm(d.birthName);
  const used = d.usedName ? searchForm(d.usedName) : null;
  const first = searchForm(d.firstNames);
  const full = searchForm(d.birthName, d.usedName, d.firstNames);
  const text = `
    select ${SUMMARY_COLUMNS}, m.score, m.s_birth, m.s_used, m.s_first, m.same_ins from ${SUMMARY_FROM}
    cross join lateral (select similarity(p.search_name, ${p.add(full)}) as score,
        word_similarity(${p.add(birth)}, p.search_name) as s_birth,
        ${used ? `word_similarity(${p.add(used)}, p.search_name)` : '0'} as s_used,
        word_similarity(${p.add(first)}, p.search_name) as s_first,
        false as same_ins) m
    where p.merged_into is null and (m.same_ins or (p.birth_date = ${p.add(d.birthDate)} and (m.s_birth > 0.5 or m.s_used > 0.5) and m.s_first > 0.4))
    order by m.same_ins desc, m.score desc limit 10`;
  return { text, values: p.values };
}

/** writeAudit(): the row every one of these requests adds in its own transaction. */
export function auditInsert(a: Actor, action: string, personId: string | null, details: Record<string, unknown>): Query {
  return {
    text: `insert into audit_event (tenant_id, actor_user_id, actor_role, actor_profession, action, resource_type, resource_id,
      person_id, info_category, purpose, outcome, request_id, ip, details)
      values ($1, $2, $3, $4, $5, 'person', $6, $7, 'administrative', 'care', 'success', $8, '127.0.0.1', $9)`,
    values: [a.tenantId, a.userId, a.role, a.profession, action, personId, personId, 'bench', JSON.stringify(details)],
  };
}

/** inTransaction(): BEGIN and the context in one simple-protocol message, as the server sends them. */
export function beginWithContext(a: Actor): string {
  const uuid = /^[0-9a-f-]{36}$/i;
  if (!uuid.test(a.tenantId) || !uuid.test(a.userId)) throw new Error('actor ids must be uuids');
  return `begin; select set_config('app.tenant_id', '${a.tenantId}', true), set_config('app.user_id', '${a.userId}', true)`;
}

/** The context alone, for EXPLAIN inside an explicit transaction. */
export function setContext(a: Actor): Query {
  return {
    text: `select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`,
    values: [a.tenantId, a.userId],
  };
}
