import { sql } from 'drizzle-orm';
import {
  defaultJournalCategory,
  type JournalAcknowledgeInput,
  type JournalCorrectionInput,
  type JournalCreateInput,
  type JournalEntry,
  type JournalHistory,
  type JournalKind,
} from '@maillon/shared/coordination';
import type { Permission, Profession, Role } from '@maillon/shared/identity';
import { rolePermissions } from '@maillon/shared/identity';
import type { InfoCategory } from '@maillon/shared/people';
import { AppError, Refusal, staleVersion } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { resolveAccess, type PersonAccess } from '../access/public.ts';
import { journalError, journalRefusal } from './errors.ts';
import { asMember, entryNotFound, entryTrace, journalAccess, purposeOf } from './policy.ts';
import { loadEntryRow, toEntries, type EntryRow } from './read.ts';

// Writing the journal (issue 20 items 1–4): an entry, its corrections as new versions, "entered
// in error", acknowledgements. One command = one transaction with its audit row (REL-03).

type Content = Omit<JournalCorrectionInput, 'reason'>;

/** An entry the caller may read, with their access to its person; anything else is "not found", audited. */
async function readableEntry(ctx: Ctx, id: string, lock = false): Promise<{ row: EntryRow; access: PersonAccess }> {
  const row = await loadEntryRow(ctx, id, lock);
  if (!row) throw new Refusal('not_found', entryNotFound().detail!, entryTrace(id, null, 'not_found'));
  let access: PersonAccess;
  try {
    access = await resolveAccess(ctx, row.person_id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw entryNotFound();
    throw e;
  }
  if (!access.categories.has(row.category as InfoCategory)) {
    throw new Refusal('not_found', entryNotFound().detail!, entryTrace(id, row.person_id, 'category', row.category));
  }
  return { row, access };
}

function assertWritable(ctx: Ctx, access: PersonAccess, category: InfoCategory, entryId: string | null): void {
  if (access.readOnly) throw journalRefusal('journal.read_only', entryTrace(entryId, access.personId, 'read_only', category));
  if (!access.categories.has(category)) {
    throw journalRefusal('journal.category_not_allowed', entryTrace(entryId, access.personId, 'category', category));
  }
}

function categoryOf(
  ctx: Ctx,
  access: PersonAccess,
  kind: JournalKind,
  chosen: InfoCategory | undefined,
  entryId: string | null,
): InfoCategory {
  const c =
    chosen ?? defaultJournalCategory(kind, ctx.actor.role as Role, (ctx.actor.profession ?? null) as Profession | null, access.categories);
  if (!c) throw journalRefusal('journal.category_not_allowed', entryTrace(entryId, access.personId, 'category'));
  assertWritable(ctx, access, c, entryId);
  return c;
}

/** Links and attachments must be of this person (and attachments of a category the caller reads). */
async function checkReferences(ctx: Ctx, personId: string, access: PersonAccess, c: Content): Promise<void> {
  const l = c.links ?? {};
  const checks: [string | undefined, string, ReturnType<typeof sql>][] = [
    [
      l.goalId,
      'body.links.goalId',
      sql`select 1 from plan_goal g join plan_version v on v.id = g.version_id where g.id = ${l.goalId ?? null} and v.person_id = ${personId}`,
    ],
    [
      l.actionId,
      'body.links.actionId',
      sql`select 1 from plan_action a join plan_version v on v.id = a.version_id where a.id = ${l.actionId ?? null} and v.person_id = ${personId}`,
    ],
    [
      l.assessmentId,
      'body.links.assessmentId',
      sql`select 1 from assessment s where s.id = ${l.assessmentId ?? null} and s.person_id = ${personId}`,
    ],
    [
      l.referralId,
      'body.links.referralId',
      sql`select 1 from referral r where r.id = ${l.referralId ?? null} and r.person_id = ${personId}`,
    ],
  ];
  for (const [id, path, q] of checks) {
    if (!id) continue;
    if (!(await ctx.tx.execute(q)).rowCount) {
      throw new AppError('journal.link_not_found', 'The linked record is not one of this person’s.', {
        errors: [{ path, message: 'not of this person', code: 'journal.link_not_found' }],
      });
    }
  }
  const docs = [...new Set(c.attachmentIds ?? [])];
  if (docs.length) {
    const cats = [...access.categories];
    const r = await ctx.tx.execute<{ id: string }>(sql`select d.id from person_document d where d.id = any(${`{${docs.join(',')}}`}::uuid[])
      and d.person_id = ${personId} and d.archived_at is null and d.category = any(${`{${cats.join(',')}}`}::text[])`);
    const found = new Set(r.rows.map((x) => x.id));
    const missing = docs.findIndex((d) => !found.has(d));
    if (missing >= 0) {
      throw new AppError('journal.attachment_not_found', 'An attached document is not one of this person’s documents you may read.', {
        errors: [{ path: `body.attachmentIds.${missing}`, message: 'not found', code: 'journal.attachment_not_found' }],
      });
    }
  }
}

interface Member {
  userId: string;
  role: string;
  profession: string | null;
  serviceId: string | null;
}

/** Whether this member may read an entry of this category about this person (the access module's rules, as them). */
async function memberReads(ctx: Ctx, m: Member, personId: string, category: InfoCategory): Promise<boolean> {
  const as = asMember(ctx, { ...m, permissions: new Set<Permission>(rolePermissions[m.role as Role] ?? []) });
  if (!as.actor.permissions.has('journal.read')) return false;
  try {
    const a = await resolveAccess(as, personId);
    return !a.readOnly && a.categories.has(category);
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}

/** The recipients of an entry to acknowledge: named members (each must read it) and the members of the named team who read it. */
async function recipientsOf(ctx: Ctx, personId: string, category: InfoCategory, ack: JournalAcknowledgeInput): Promise<string[]> {
  const named = [...new Set(ack.userIds ?? [])];
  const members = async (where: ReturnType<typeof sql>) =>
    (
      await ctx.tx.execute<{ user_id: string; role: string; profession: string | null; service_id: string | null }>(
        sql`select m.user_id, m.role, m.profession, m.service_id from membership m where m.tenant_id = ${ctx.actor.tenantId}
          and m.status = 'active' and ${where}`,
      )
    ).rows.map((r) => ({ userId: r.user_id, role: r.role, profession: r.profession, serviceId: r.service_id }));
  const out = new Set<string>();
  if (named.length) {
    const found = await members(sql`m.user_id = any(${`{${named.join(',')}}`}::uuid[])`);
    for (const [i, id] of named.entries()) {
      const m = found.find((x) => x.userId === id);
      if (!m || !(await memberReads(ctx, m, personId, category))) {
        throw new AppError('journal.recipient_cannot_read', 'A recipient may not read this entry.', {
          errors: [{ path: `body.acknowledge.userIds.${i}`, message: 'may not read this entry', code: 'journal.recipient_cannot_read' }],
        });
      }
      if (id !== ctx.actor.userId) out.add(id);
    }
  }
  const team: Member[] = [];
  if (ack.careTeam) {
    team.push(
      ...(await members(sql`exists (select 1 from care_team_member c where c.person_id = ${personId} and c.user_id = m.user_id
        and c.start_date <= current_date and (c.end_date is null or c.end_date >= current_date) and c.ended_at is null)`)),
    );
  }
  if (ack.serviceId) {
    const s = await ctx.tx.execute(sql`select 1 from service where id = ${ack.serviceId}`);
    if (!s.rowCount) {
      throw new AppError('validation_failed', 'No such service.', {
        errors: [{ path: 'body.acknowledge.serviceId', message: 'unknown service', code: 'not_found' }],
      });
    }
    team.push(...(await members(sql`m.service_id = ${ack.serviceId}`)));
  }
  let teamReaders = 0;
  for (const m of team) {
    if (m.userId === ctx.actor.userId || out.has(m.userId)) continue;
    if (await memberReads(ctx, m, personId, category)) {
      out.add(m.userId);
      teamReaders++;
    }
  }
  if ((ack.careTeam || ack.serviceId) && teamReaders === 0 && !named.length) throw journalError('journal.no_recipient');
  if (!out.size) throw journalError('journal.no_recipient');
  return [...out];
}

const targetJson = (c: Content) =>
  c.target
    ? JSON.stringify(Object.fromEntries(Object.entries(c.target).filter(([, v]) => typeof v === 'string' && v.trim() !== '')))
    : null;
const textOf = (c: Content) => (c.text?.trim() ? c.text : null);
const idArray = (ids: readonly string[] | undefined) => `{${[...new Set(ids ?? [])].join(',')}}`;

async function insertVersion(
  ctx: Ctx,
  entryId: string,
  version: number,
  c: Content,
  category: InfoCategory,
  factAt: string,
  reason: string | null,
) {
  const l = c.links ?? {};
  await ctx.tx.execute(sql`insert into journal_entry_version (id, entry_id, version, kind, category, urgent, fact_at, body, target,
      goal_id, action_id, assessment_id, referral_id, attachment_ids, reason, written_by)
    values (${newId()}, ${entryId}, ${version}, ${c.kind}, ${category}, ${c.urgent}, ${factAt}, ${textOf(c)}, ${targetJson(c)}::jsonb,
      ${l.goalId ?? null}, ${l.actionId ?? null}, ${l.assessmentId ?? null}, ${l.referralId ?? null}, ${idArray(c.attachmentIds)}::uuid[],
      ${reason}, ${ctx.actor.userId})`);
}

async function entryOut(ctx: Ctx, id: string, access: PersonAccess): Promise<JournalEntry> {
  const row = await loadEntryRow(ctx, id);
  return (await toEntries(ctx, [row!], access))[0]!;
}

/** Writes an entry about a person (issue 20 items 1, 2, 4); audited with its category. */
export async function createEntry(ctx: Ctx, personId: string, input: JournalCreateInput): Promise<JournalEntry> {
  const access = await journalAccess(ctx, personId);
  const category = categoryOf(ctx, access, input.kind, input.category, null);
  await checkReferences(ctx, personId, access, input);
  const recipients = input.acknowledge ? await recipientsOf(ctx, personId, category, input.acknowledge) : [];
  const id = newId();
  const factAt = input.factAt ? isoRequired(input.factAt) : new Date().toISOString();
  const l = input.links ?? {};
  await ctx.tx.execute(sql`insert into journal_entry (id, person_id, author_id, kind, category, urgent, fact_at, body, target,
      goal_id, action_id, assessment_id, referral_id, attachment_ids, ack_care_team, ack_service_id, updated_by)
    values (${id}, ${personId}, ${ctx.actor.userId}, ${input.kind}, ${category}, ${input.urgent}, ${factAt}, ${textOf(input)},
      ${targetJson(input)}::jsonb, ${l.goalId ?? null}, ${l.actionId ?? null}, ${l.assessmentId ?? null}, ${l.referralId ?? null},
      ${idArray(input.attachmentIds)}::uuid[], ${input.acknowledge?.careTeam ?? false}, ${input.acknowledge?.serviceId ?? null}, ${ctx.actor.userId})`);
  await insertVersion(ctx, id, 1, input, category, factAt, null);
  for (const u of recipients) {
    await ctx.tx.execute(sql`insert into journal_ack (id, entry_id, user_id) values (${newId()}, ${id}, ${u})`);
  }
  await ctx.audit({
    action: 'journal.create',
    resourceType: 'journal_entry',
    resourceId: id,
    personId,
    infoCategory: category,
    purpose: purposeOf(access),
    details: { kind: input.kind, urgent: input.urgent, recipients: recipients.length },
  });
  return entryOut(ctx, id, access);
}

/** The author, or a coordinator (holder of `careteam.manage`), never through break-glass; refused attempts audited. */
function assertMayEdit(ctx: Ctx, row: EntryRow, access: PersonAccess): void {
  if (access.readOnly) throw journalRefusal('journal.read_only', entryTrace(row.id, row.person_id, 'read_only', row.category));
  if (row.author_id !== ctx.actor.userId && !ctx.actor.permissions.has('careteam.manage')) {
    throw journalRefusal('journal.not_author', entryTrace(row.id, row.person_id, 'not_author', row.category));
  }
}

async function stale(ctx: Ctx, id: string, access: PersonAccess) {
  return staleVersion('This entry was changed by someone else: read it again.', () => entryOut(ctx, id, access));
}

/** Corrects an entry: a new version with the whole new content; earlier versions stay (issue 20 item 3). */
export async function correctEntry(ctx: Ctx, id: string, expected: number, input: JournalCorrectionInput): Promise<JournalEntry> {
  const { row, access } = await readableEntry(ctx, id);
  assertMayEdit(ctx, row, access);
  if (row.status === 'entered_in_error') throw journalError('journal.in_error');
  const category = categoryOf(ctx, access, input.kind, input.category ?? (row.category as InfoCategory), id);
  await checkReferences(ctx, row.person_id, access, input);
  const factAt = input.factAt ? isoRequired(input.factAt) : isoRequired(row.fact_at);
  const l = input.links ?? {};
  const u = await ctx.tx.execute(sql`update journal_entry set kind = ${input.kind}, category = ${category}, urgent = ${input.urgent},
      fact_at = ${factAt}, body = ${textOf(input)}, target = ${targetJson(input)}::jsonb, goal_id = ${l.goalId ?? null},
      action_id = ${l.actionId ?? null}, assessment_id = ${l.assessmentId ?? null}, referral_id = ${l.referralId ?? null},
      attachment_ids = ${idArray(input.attachmentIds)}::uuid[], version = version + 1, updated_at = now(), updated_by = ${ctx.actor.userId}
    where id = ${id} and version = ${expected} and status = 'current'`);
  if (!u.rowCount) {
    const now = await loadEntryRow(ctx, id);
    if (now?.status === 'entered_in_error') throw journalError('journal.in_error');
    throw await stale(ctx, id, access);
  }
  await insertVersion(ctx, id, expected + 1, input, category, factAt, input.reason?.trim() || null);
  await ctx.audit({
    action: 'journal.correct',
    resourceType: 'journal_entry',
    resourceId: id,
    personId: row.person_id,
    infoCategory: category,
    purpose: purposeOf(access),
    details: { version: expected + 1 },
  });
  return entryOut(ctx, id, access);
}

/** Marks an entry "entered in error" with a reason: it leaves the timeline, stays in the history. */
export async function enterInError(ctx: Ctx, id: string, expected: number, reason: string): Promise<JournalEntry> {
  const { row, access } = await readableEntry(ctx, id);
  assertMayEdit(ctx, row, access);
  if (row.status === 'entered_in_error') throw journalError('journal.already_in_error');
  const u = await ctx.tx.execute(sql`update journal_entry set status = 'entered_in_error', error_reason = ${reason}, error_at = now(),
      error_by = ${ctx.actor.userId}, version = version + 1, updated_at = now(), updated_by = ${ctx.actor.userId}
    where id = ${id} and version = ${expected} and status = 'current'`);
  if (!u.rowCount) {
    const now = await loadEntryRow(ctx, id);
    if (now?.status === 'entered_in_error') throw journalError('journal.already_in_error');
    throw await stale(ctx, id, access);
  }
  await ctx.audit({
    action: 'journal.entered_in_error',
    resourceType: 'journal_entry',
    resourceId: id,
    personId: row.person_id,
    infoCategory: row.category as InfoCategory,
    purpose: purposeOf(access),
  });
  return entryOut(ctx, id, access);
}

/** A named recipient acknowledges an entry; a second time keeps the first time. */
export async function acknowledgeEntry(ctx: Ctx, id: string): Promise<JournalEntry> {
  const { row, access } = await readableEntry(ctx, id);
  const r = await ctx.tx.execute<{ acknowledged_at: string | null }>(
    sql`select acknowledged_at from journal_ack where entry_id = ${id} and user_id = ${ctx.actor.userId} for update`,
  );
  if (!r.rowCount) throw journalRefusal('journal.not_recipient', entryTrace(id, row.person_id, 'not_recipient', row.category));
  if (!r.rows[0]!.acknowledged_at) {
    await ctx.tx.execute(sql`update journal_ack set acknowledged_at = now() where entry_id = ${id} and user_id = ${ctx.actor.userId}`);
    await ctx.audit({
      action: 'journal.acknowledge',
      resourceType: 'journal_entry',
      resourceId: id,
      personId: row.person_id,
      infoCategory: row.category as InfoCategory,
      purpose: purposeOf(access),
    });
  }
  return entryOut(ctx, id, access);
}

/** One entry, audited as a read of the person's record. */
export async function getEntry(ctx: Ctx, id: string): Promise<JournalEntry> {
  const { row, access } = await readableEntry(ctx, id);
  await ctx.audit({
    action: 'journal.read',
    resourceType: 'journal_entry',
    resourceId: id,
    personId: row.person_id,
    infoCategory: row.category as InfoCategory,
    purpose: purposeOf(access),
  });
  return (await toEntries(ctx, [row], access))[0]!;
}

/** Every version of an entry, newest first (also of an entry entered in error); versions of a category the caller does not read are left out. */
export async function entryHistory(ctx: Ctx, id: string): Promise<JournalHistory> {
  const { row, access } = await readableEntry(ctx, id);
  const r = await ctx.tx.execute<{
    version: number;
    kind: string;
    category: string;
    urgent: boolean;
    body: string | null;
    target: EntryRow['target'];
    fact_at: string;
    goal_id: string | null;
    action_id: string | null;
    assessment_id: string | null;
    referral_id: string | null;
    attachment_ids: string[];
    written_at: string;
    written_by: string;
    written_by_name: string;
    reason: string | null;
  }>(sql`select v.version, v.kind, v.category, v.urgent, v.body, v.target, v.fact_at, v.goal_id, v.action_id, v.assessment_id,
      v.referral_id, v.attachment_ids, v.written_at, v.written_by, u.display_name as written_by_name, v.reason
    from journal_entry_version v join app_user u on u.id = v.written_by where v.entry_id = ${id} order by v.version desc`);
  await ctx.audit({
    action: 'journal.history',
    resourceType: 'journal_entry',
    resourceId: id,
    personId: row.person_id,
    infoCategory: row.category as InfoCategory,
    purpose: purposeOf(access),
  });
  return {
    entry: (await toEntries(ctx, [row], access))[0]!,
    versions: r.rows
      .filter((v) => access.categories.has(v.category as InfoCategory))
      .map((v) => ({
        version: v.version,
        kind: v.kind as JournalKind,
        category: v.category as InfoCategory,
        urgent: v.urgent,
        text: v.body,
        target: v.target
          ? { cible: v.target.cible, data: v.target.data ?? null, actions: v.target.actions ?? null, results: v.target.results ?? null }
          : null,
        factAt: isoRequired(v.fact_at),
        links: { goalId: v.goal_id, actionId: v.action_id, assessmentId: v.assessment_id, referralId: v.referral_id },
        attachmentIds: v.attachment_ids ?? [],
        writtenAt: isoRequired(v.written_at),
        by: { id: v.written_by, displayName: v.written_by_name },
        reason: v.reason,
      })),
  };
}
