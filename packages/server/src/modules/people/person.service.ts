import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  maskNir,
  searchForm,
  type CaseloadQuery,
  type Person,
  type PersonSummary,
  type duplicateQuerySchema,
  type personCreateSchema,
  type personUpdateSchema,
} from '@maillon/shared/people';
import { executeNamed, tableRow } from '../../db/tx.ts';
import { AppError, notFound, Refusal, staleVersion } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, timestampKey, toPage } from '../../lib/pagination.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import {
  accessFactsSql,
  assertCanRead,
  assertCanWrite,
  decideAccess,
  isMember,
  joinCareTeamAsCreator,
  resolveAccess,
  visiblePeopleSql,
  type AccessFacts,
  type PersonAccess,
} from '../access/public.ts';
import { mergedColumns } from './person-references.ts';
import { person } from './tables.ts';

type PersonRow = typeof person.$inferSelect;
const personRow = tableRow(person, 'p');
type CreateInput = z.infer<typeof personCreateSchema>;
type UpdateInput = z.infer<typeof personUpdateSchema>;

const sortNameOf = (p: { birthName: string; usedName?: string | null; firstNames: string }) =>
  searchForm(p.usedName ?? p.birthName, p.firstNames);
const searchNameOf = (p: { birthName: string; usedName?: string | null; firstNames: string }) =>
  searchForm(p.birthName, p.usedName, p.firstNames);

/** The names shown beside the record's ids, in one round trip. */
type RelatedNames = { service_name: string | null; referent_name: string | null };

async function relatedNames(ctx: Ctx, serviceId: string | null, referentId: string | null): Promise<RelatedNames> {
  const r = await ctx.tx.execute<RelatedNames>(sql`
    select (select name from service where id = ${serviceId}) as service_name,
           (select display_name from app_user where id = ${referentId}) as referent_name`);
  return r.rows[0] ?? { service_name: null, referent_name: null };
}

async function assertService(ctx: Ctx, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const r = await ctx.tx.execute(sql`select 1 from service where id = ${id} and archived_at is null`);
  if (!r.rowCount) {
    throw new AppError('validation_failed', 'This service does not exist.', {
      errors: [{ path: 'body.serviceId', message: 'Unknown service', code: 'unknown_service' }],
    });
  }
}

/** The record as this caller may see it: sections of categories they may not read are null. */
async function toPerson(ctx: Ctx, r: PersonRow, access: PersonAccess, known?: RelatedNames): Promise<Person> {
  const admin = access.categories.has('administrative');
  const social = access.categories.has('social');
  const names = known ?? (await relatedNames(ctx, r.serviceId, r.referentUserId));
  const matricule = admin && r.insMatriculeEnc ? ctx.deps.cipher.decrypt(r.insMatriculeEnc) : null;
  const perms = ctx.actor.permissions;
  const writable = !access.readOnly;
  return {
    id: r.id,
    birthName: r.birthName,
    usedName: r.usedName,
    firstNames: r.firstNames,
    sex: r.sex as Person['sex'],
    birthDate: r.birthDate,
    birthPlace: admin ? r.birthPlace : null,
    birthInseeCode: admin ? r.birthInseeCode : null,
    ins:
      matricule && r.insOid && r.insStatus
        ? { matriculeMasked: maskNir(matricule), oid: r.insOid, status: r.insStatus as 'qualified' }
        : null,
    phone: admin ? r.phone : null,
    mobile: admin ? r.mobile : null,
    email: admin ? r.email : null,
    address: admin ? (r.address as Person['address']) : null,
    situation: social ? (r.situation as Person['situation']) : null,
    serviceId: r.serviceId,
    serviceName: names.service_name,
    status: r.status as Person['status'],
    referent: r.referentUserId && names.referent_name ? { userId: r.referentUserId, displayName: names.referent_name } : null,
    mergedInto: r.mergedInto,
    version: r.version,
    createdAt: isoRequired(r.createdAt),
    updatedAt: isoRequired(r.updatedAt),
    access: {
      via: access.via,
      categories: [...access.categories],
      readOnly: access.readOnly,
      breakGlassUntil: access.breakGlassUntil?.toISOString() ?? null,
      can: {
        update: writable && perms.has('person.update') && admin,
        manageCareTeam: writable && perms.has('careteam.manage'),
        manageConsent: writable && perms.has('consent.manage'),
        merge: writable && perms.has('person.merge'),
        revealIns: admin && !!matricule,
      },
    },
  };
}

async function loadRow(ctx: Ctx, id: string): Promise<PersonRow> {
  const r = (await ctx.tx.select().from(person).where(eq(person.id, id)))[0];
  if (!r) throw notFound('person');
  return r;
}

/** Opening a record: access decided and the read audited in the same transaction (FR-01, SEC-LOG-02). */
export async function getPerson(ctx: Ctx, id: string): Promise<Person> {
  // One statement: the record, the names shown with it and the facts its access is decided on,
  // as a named prepared statement (planned once per connection: planning cost more than running).
  const found = (
    await executeNamed<{ _service_name: string | null; _referent_name: string | null; _facts: AccessFacts } & Record<string, unknown>>(
      ctx.tx,
      'person_open',
      sql`select ${personRow.columns},
        (select name from service where id = p.service_id) as _service_name,
        (select display_name from app_user where id = p.referent_user_id) as _referent_name,
        ${accessFactsSql(ctx, sql`p`)} as _facts
      from person p where p.id = ${id}`,
    )
  ).rows[0];
  const access = decideAccess(ctx, id, found?._facts);
  const row = personRow.read(found!);
  await ctx.audit({
    action: 'person.read',
    resourceType: 'person',
    resourceId: id,
    personId: id,
    infoCategory: access.categories.has('social') ? 'social' : 'administrative',
    purpose: access.via === 'break_glass' ? 'break_glass' : 'care',
    details: { via: access.via, categories: [...access.categories] },
  });
  return toPerson(ctx, row, access, { service_name: found!._service_name, referent_name: found!._referent_name });
}

function insColumns(ctx: Ctx, ins: CreateInput['ins']) {
  if (ins === undefined) return {};
  if (ins === null) return { insMatriculeEnc: null, insMatriculeIndex: null, insOid: null, insStatus: null };
  return {
    insMatriculeEnc: ctx.deps.cipher.encrypt(ins.matricule),
    insMatriculeIndex: ctx.deps.cipher.blindIndex(ins.matricule),
    insOid: ins.oid,
    insStatus: ins.status,
  };
}

/**
 * Creates the record. Unless the caller says they reviewed the proposed duplicates, a likely
 * duplicate stops the creation with 409 and the matches (FR duplicates check).
 */
export async function createPerson(ctx: Ctx, input: CreateInput): Promise<Person> {
  await assertService(ctx, input.serviceId);
  if (!input.duplicatesReviewed) {
    const dups = await findDuplicates(ctx, { ...input, insMatricule: input.ins?.matricule ?? null });
    if (dups.length) {
      throw new AppError('person.possible_duplicates', 'Possible duplicates found: check them, then confirm to create anyway.', {
        current: { duplicates: dups },
      });
    }
  }
  const id = newId();
  const s = input.situation ?? {};
  await ctx.tx.insert(person).values({
    id,
    birthName: input.birthName,
    usedName: input.usedName ?? null,
    firstNames: input.firstNames,
    sex: input.sex,
    birthDate: input.birthDate,
    birthPlace: input.birthPlace ?? null,
    birthInseeCode: input.birthInseeCode ?? null,
    ...insColumns(ctx, input.ins),
    phone: input.phone ?? null,
    mobile: input.mobile ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    commune: input.address?.commune ?? null,
    situation: s,
    serviceId: input.serviceId ?? ctx.actor.serviceId ?? null,
    status: input.status ?? 'active',
    referentUserId: ctx.actor.role === 'coordinator' ? ctx.actor.userId : null,
    searchName: searchNameOf(input),
    sortName: sortNameOf(input),
    createdBy: ctx.actor.userId,
  });
  await joinCareTeamAsCreator(ctx, id);
  await ctx.audit({
    action: 'person.create',
    resourceType: 'person',
    resourceId: id,
    personId: id,
    infoCategory: 'administrative',
    details: { duplicatesReviewed: !!input.duplicatesReviewed },
  });
  const access = await resolveAccess(ctx, id);
  return toPerson(ctx, await loadRow(ctx, id), access);
}

/** Updates with optimistic concurrency; social fields need the social category (REL-05, FR-05). */
/**
 * The service decides which coordinators see the record (service policy), and the status ends
 * consents: moving a record or changing its status widens or ends access, so it is for those who
 * manage care teams (`careteam.manage`), directly or through the admissions flow (whose actors
 * hold it). A value sent unchanged (the edit form sends both) is not a change. Refused: 403,
 * audited.
 */
function assertMayMove(ctx: Ctx, id: string, current: PersonRow, input: UpdateInput): void {
  const fields = [
    ...(input.serviceId !== undefined && input.serviceId !== current.serviceId ? ['serviceId'] : []),
    ...(input.status !== undefined && input.status !== current.status ? ['status'] : []),
  ];
  if (!fields.length || ctx.actor.permissions.has('careteam.manage')) return;
  throw new Refusal('forbidden', 'Only those who manage care teams change the service or the status of a record.', {
    action: 'person.update',
    resourceType: 'person',
    resourceId: id,
    personId: id,
    infoCategory: 'administrative',
    details: { fields, permission: 'careteam.manage' },
  });
}

export async function updatePerson(ctx: Ctx, id: string, expected: number, input: UpdateInput): Promise<Person> {
  const access = await resolveAccess(ctx, id);
  assertCanWrite(access, 'administrative');
  if (input.situation !== undefined) assertCanWrite(access, 'social');
  await assertService(ctx, input.serviceId);
  const current = await loadRow(ctx, id);
  if (current.mergedInto) throw new AppError('person.merged', 'This record was merged into another one; edit that one.');
  assertMayMove(ctx, id, current, input);
  const merged = {
    birthName: input.birthName ?? current.birthName,
    usedName: input.usedName === undefined ? current.usedName : input.usedName,
    firstNames: input.firstNames ?? current.firstNames,
  };
  const { ins, situation, address, ...rest } = input;
  const rows = await ctx.tx
    .update(person)
    .set({
      ...rest,
      ...insColumns(ctx, ins),
      ...(address === undefined ? {} : { address, commune: address?.commune ?? null }),
      ...(situation === undefined ? {} : { situation }),
      searchName: searchNameOf(merged),
      sortName: sortNameOf(merged),
      updatedAt: new Date(),
      version: sql`${person.version} + 1`,
    })
    .where(and(eq(person.id, id), eq(person.version, expected)))
    .returning();
  if (!rows[0]) {
    throw await staleVersion('Someone changed this record in the meantime; here is its current state.', async () =>
      toPerson(ctx, await loadRow(ctx, id), access),
    );
  }
  if (input.status === 'ended') {
    // Consent ends with the end of support (FR-03).
    await ctx.tx.execute(
      sql`update consent set ended_at = now(), end_reason = 'end of support' where person_id = ${id} and ended_at is null`,
    );
  }
  await ctx.audit({
    action: 'person.update',
    resourceType: 'person',
    resourceId: id,
    personId: id,
    infoCategory: situation !== undefined ? 'social' : 'administrative',
    details: { fields: Object.keys(input) },
  });
  return toPerson(ctx, rows[0], access);
}

/** Reveals the INS matricule, logged (SEC-DP-06). */
export async function revealIns(ctx: Ctx, id: string): Promise<{ matricule: string }> {
  const access = await resolveAccess(ctx, id);
  assertCanRead(access, 'administrative');
  const r = await loadRow(ctx, id);
  if (!r.insMatriculeEnc) throw notFound('INS');
  await ctx.audit({
    action: 'person.ins_revealed',
    resourceType: 'person',
    resourceId: id,
    personId: id,
    infoCategory: 'administrative',
    purpose: access.via === 'break_glass' ? 'break_glass' : 'care',
  });
  return { matricule: ctx.deps.cipher.decrypt(r.insMatriculeEnc) };
}

type SummaryRow = {
  id: string;
  birth_name: string;
  used_name: string | null;
  first_names: string;
  birth_date: string;
  commune: string | null;
  service_id: string | null;
  service_name: string | null;
  status: string;
  referent_name: string | null;
  updated_at: string;
  sort_name: string;
  score?: number;
  same_ins?: boolean;
};

const toSummary = (r: SummaryRow): PersonSummary => ({
  id: r.id,
  birthName: r.birth_name,
  usedName: r.used_name,
  firstNames: r.first_names,
  birthDate: r.birth_date,
  commune: r.commune,
  serviceId: r.service_id,
  serviceName: r.service_name,
  status: r.status as PersonSummary['status'],
  referentName: r.referent_name,
  updatedAt: isoRequired(r.updated_at),
});

const summaryColumns = sql`p.id, p.birth_name, p.used_name, p.first_names, p.birth_date::text as birth_date, p.commune,
  p.service_id, s.name as service_name, p.status, u.display_name as referent_name, p.updated_at, p.sort_name`;
const summaryFrom = sql`person p left join service s on s.id = p.service_id left join app_user u on u.id = p.referent_user_id`;
const summarySelect = sql`select ${summaryColumns} from ${summaryFrom}`;

/**
 * Caseloads: "my people" (care team), "my service", "all I may see"; filters, sort, name search,
 * keyset pagination. Access is part of the SQL (STYLE.md 6). One audit row per search.
 */
export async function searchPeople(ctx: Ctx, q: CaseloadQuery): Promise<{ items: PersonSummary[]; nextCursor: string | null }> {
  const scope =
    q.scope === 'mine'
      ? sql`and (${isMember(ctx, sql`p`)} or p.referent_user_id = ${ctx.actor.userId})`
      : q.scope === 'service' && ctx.actor.serviceId
        ? sql`and p.service_id = ${ctx.actor.serviceId}`
        : // A member without a service works for every service: "my service" is all they may see (issue 19).
          sql``;
  const term = q.q ? searchForm(q.q) : '';
  const nameFilter = term ? sql`and (p.search_name like ${'%' + term.replace(/[%_\\]/g, '') + '%'} or ${term} <% p.search_name)` : sql``;
  const byName = q.sort === 'name';
  const cur = q.cursor ? decodeCursor(q.cursor, [byName ? 'text' : 'timestamp', 'uuid'], 'body') : null;
  const keyset = cur
    ? byName
      ? sql`and (p.sort_name, p.id) > (${cur[0]}, ${cur[1]}::uuid)`
      : sql`and (p.updated_at, p.id) < (${cur[0]}::timestamptz, ${cur[1]}::uuid)`
    : sql``;
  const order = byName ? sql`order by p.sort_name, p.id` : sql`order by p.updated_at desc, p.id desc`;
  // Named prepared statements (one per combination of filters): planned once per connection.
  const rows = await executeNamed<SummaryRow>(
    ctx.tx,
    'person_search',
    sql`${summarySelect}
    where p.merged_into is null and ${visiblePeopleSql(ctx, sql`p`)} ${scope} ${nameFilter}
      ${q.status ? sql`and p.status = ${q.status}` : sql``}
      ${q.serviceId ? sql`and p.service_id = ${q.serviceId}` : sql``}
      ${q.referentUserId ? sql`and p.referent_user_id = ${q.referentUserId}` : sql``}
      ${keyset}
    ${order} limit ${q.limit + 1}`,
  );
  await ctx.audit({
    action: 'person.search',
    resourceType: 'person',
    infoCategory: 'administrative',
    details: { scope: q.scope, results: Math.min(rows.rows.length, q.limit), named: !!q.q },
  });
  const page = toPage(rows.rows, q.limit, (last) => (byName ? [last.sort_name, last.id] : [timestampKey(last.updated_at), last.id]));
  return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
}

/**
 * Duplicate candidates in the organisation: same INS, or same birth date and similar names
 * (accent- and case-insensitive, trigram similarity). Searches the whole organisation on
 * purpose, showing only identity, so that a coordinator does not create a second record.
 */
export async function findDuplicates(ctx: Ctx, q: z.infer<typeof duplicateQuerySchema>) {
  const birth = searchForm(q.birthName);
  const used = q.usedName ? searchForm(q.usedName) : null;
  const first = searchForm(q.firstNames);
  const full = searchForm(q.birthName, q.usedName, q.firstNames);
  const insIndex = q.insMatricule ? ctx.deps.cipher.blindIndex(q.insMatricule.replace(/\s/g, '').toUpperCase()) : null;
  const rows = await executeNamed<SummaryRow & { s_birth: number; s_used: number; s_first: number }>(
    ctx.tx,
    'person_duplicates',
    sql`
    select ${summaryColumns}, m.score, m.s_birth, m.s_used, m.s_first, m.same_ins from ${summaryFrom}
    cross join lateral (select similarity(p.search_name, ${full}) as score,
        word_similarity(${birth}, p.search_name) as s_birth,
        ${used ? sql`word_similarity(${used}, p.search_name)` : sql`0`} as s_used,
        word_similarity(${first}, p.search_name) as s_first,
        ${insIndex ? sql`p.ins_matricule_index = ${insIndex}` : sql`false`} as same_ins) m
    where p.merged_into is null and (m.same_ins or (p.birth_date = ${q.birthDate} and (m.s_birth > 0.5 or m.s_used > 0.5) and m.s_first > 0.4))
    order by m.same_ins desc, m.score desc limit 10`,
  );
  await ctx.audit({
    action: 'person.duplicate_check',
    resourceType: 'person',
    infoCategory: 'administrative',
    details: { candidates: rows.rows.length },
  });
  return rows.rows.map((r) => ({
    ...toSummary(r),
    score: Math.round(Number(r.score) * 100) / 100,
    reasons: [
      ...(r.same_ins ? (['same_ins'] as const) : []),
      ...(r.birth_date === q.birthDate ? (['same_birth_date'] as const) : []),
      ...(Number(r.s_birth) > 0.5 ? (['similar_birth_name'] as const) : []),
      ...(Number(r.s_used) > 0.5 ? (['similar_used_name'] as const) : []),
      ...(Number(r.s_first) > 0.4 ? (['similar_first_names'] as const) : []),
    ],
  }));
}

/**
 * Merges a duplicate into this record: every related row moves here, the duplicate keeps its
 * identity and points to this one (`merged_into`), nothing is deleted; audited on both ids.
 */
export async function mergePeople(ctx: Ctx, keepId: string, duplicateId: string, reason: string): Promise<Person> {
  if (keepId === duplicateId)
    throw new AppError('validation_failed', 'Choose two different records.', {
      errors: [{ path: 'body.duplicateId', message: 'same record', code: 'same_record' }],
    });
  const keep = await resolveAccess(ctx, keepId);
  const dup = await resolveAccess(ctx, duplicateId);
  assertCanWrite(keep, 'administrative');
  assertCanWrite(dup, 'administrative');
  const d = await loadRow(ctx, duplicateId);
  if (d.mergedInto) throw new AppError('person.already_merged', 'This record was already merged.');
  const moved: Record<string, number> = {};
  for (const { table, column } of mergedColumns()) {
    const r = await ctx.tx.execute(
      sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${keepId} where ${sql.identifier(column)} = ${duplicateId}`,
    );
    moved[table] = r.rowCount ?? 0;
  }
  await ctx.tx
    .update(person)
    .set({ mergedInto: keepId, status: 'ended', updatedAt: new Date(), version: sql`${person.version} + 1` })
    .where(eq(person.id, duplicateId));
  await ctx.tx
    .update(person)
    .set({ updatedAt: new Date(), version: sql`${person.version} + 1` })
    .where(eq(person.id, keepId));
  const details = { reason: reason.slice(0, 200), ...Object.fromEntries(Object.entries(moved).map(([k, v]) => [`moved_${k}`, v])) };
  await ctx.audit({
    action: 'person.merge',
    resourceType: 'person',
    resourceId: keepId,
    personId: keepId,
    infoCategory: 'administrative',
    details: { ...details, from: duplicateId },
  });
  await ctx.audit({
    action: 'person.merged_into',
    resourceType: 'person',
    resourceId: duplicateId,
    personId: duplicateId,
    infoCategory: 'administrative',
    details: { into: keepId },
  });
  return toPerson(ctx, await loadRow(ctx, keepId), await resolveAccess(ctx, keepId));
}
