import { sql, type SQL } from 'drizzle-orm';
import type { JournalPage, JournalSearchInput, JournalServiceQuery, JournalTimelineQuery } from '@maillon/shared/coordination';
import type { InfoCategory } from '@maillon/shared/people';
import { AppError } from '../../lib/errors.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { Ctx } from '../../plugins/context.ts';
import { journalAccess, mostSensitive, purposeOf, visibleEntrySql } from './policy.ts';
import { afterCursorSql, entryColumns, filterSql, toEntries, type EntryRow } from './read.ts';

// Reading the journal (issue 20 item 5): a person's timeline, the service journal, the search.
// Keyset pages on (fact_at desc, id desc); access in the query (STYLE.md 6); every read audited.

function checkPeriod(q: { from?: string | undefined; to?: string | undefined }, where: 'querystring' | 'body') {
  if (q.from && q.to && q.to < q.from) {
    throw new AppError('journal.period_invalid', 'The period ends before it starts.', {
      errors: [{ path: `${where}.to`, message: 'before from', code: 'journal.period_invalid' }],
    });
  }
}

const keyOf = (r: EntryRow) => [r.fact_key, r.id];

/** A person's journal, as a timeline of the categories the caller reads; audited as a read of the record. */
export async function personTimeline(ctx: Ctx, personId: string, q: JournalTimelineQuery): Promise<JournalPage> {
  checkPeriod(q, 'querystring');
  const access = await journalAccess(ctx, personId);
  const cats = [...access.categories];
  const key = q.cursor ? decodeCursor(q.cursor, ['timestamp', 'uuid']) : null;
  if (q.category && !access.categories.has(q.category)) return audited(ctx, personId, access, { items: [], nextCursor: null }, cats);
  const r = await ctx.tx.execute<EntryRow>(timelineMainSql(personId, cats, q, key));
  const page = toPage(r.rows, q.limit, keyOf);
  return audited(ctx, personId, access, { items: await toEntries(ctx, page.items, access), nextCursor: page.nextCursor }, cats);
}

/** The timeline's statement: the person's entries of these categories, newest fact first (the bench's floor runs it too). */
export function timelineMainSql(
  personId: string,
  cats: readonly string[],
  q: Omit<Partial<JournalTimelineQuery>, 'limit'> & { limit: number },
  key: string[] | null,
): SQL {
  return sql`select ${entryColumns} from journal_entry e join person p on p.id = e.person_id
    where e.person_id = ${personId} and e.category = any(${`{${cats.join(',')}}`}::text[])
      ${q.includeInError === 'true' ? sql`` : sql`and e.status = 'current'`}
      ${q.writtenAfter ? sql`and e.created_at > ${q.writtenAfter}::timestamptz` : sql``}
      ${filterSql(q)} ${afterCursorSql(key)}
    order by e.fact_at desc, e.id desc limit ${q.limit + 1}`;
}

async function audited(
  ctx: Ctx,
  personId: string,
  access: Awaited<ReturnType<typeof journalAccess>>,
  page: JournalPage,
  cats: InfoCategory[],
): Promise<JournalPage> {
  await ctx.audit({
    action: 'journal.read',
    resourceType: 'person',
    resourceId: personId,
    personId,
    infoCategory: mostSensitive(page.items.length ? page.items.map((e) => e.category) : cats),
    purpose: purposeOf(access),
    details: { results: page.items.length },
  });
  return page;
}

/** The statement of a page over many people (service journal, search): access in the query. */
function listMainSql(ctx: Ctx, where: SQL, limit: number, key: string[] | null): SQL {
  return sql`select ${entryColumns} from journal_entry e join person p on p.id = e.person_id
    where e.status = 'current' and ${visibleEntrySql(ctx)} ${where} ${afterCursorSql(key)}
    order by e.fact_at desc, e.id desc limit ${limit + 1}`;
}

/** The search's statement (the bench's floor runs it too). */
export function searchMainSql(
  ctx: Ctx,
  q: Pick<JournalSearchInput, 'q' | 'limit'> & Partial<Omit<JournalSearchInput, 'q' | 'limit'>>,
  key: string[] | null,
): SQL {
  const match = sql`and e.search @@ websearch_to_tsquery('public.journal_fr', ${q.q})`;
  const person = q.personId ? sql`and e.person_id = ${q.personId}` : sql``;
  return listMainSql(ctx, sql`${match} ${person} ${filterSql(q)}`, q.limit, key);
}

/** A page over many people: one audit row naming the people shown and the most sensitive category (SEC-LOG-02). */
async function pageOf(ctx: Ctx, r: { rows: EntryRow[] }, limit: number, how: 'service' | 'search'): Promise<JournalPage> {
  const page = toPage(r.rows, limit, keyOf);
  const items = await toEntries(ctx, page.items);
  await ctx.audit({
    action: how === 'search' ? 'journal.search' : 'journal.list',
    resourceType: 'journal_entry',
    infoCategory: mostSensitive(items.length ? items.map((e) => e.category) : ['administrative']),
    details: { results: items.length, people: [...new Set(items.map((e) => e.person.id))] },
  });
  return { items, nextCursor: page.nextCursor };
}

/** The service-wide journal: every entry the caller may read, optionally of one service's people. */
export async function serviceJournal(ctx: Ctx, q: JournalServiceQuery): Promise<JournalPage> {
  checkPeriod(q, 'querystring');
  const key = q.cursor ? decodeCursor(q.cursor, ['timestamp', 'uuid']) : null;
  const where = sql`${q.serviceId ? sql`and p.service_id = ${q.serviceId}` : sql``} ${filterSql(q)}`;
  return pageOf(ctx, await ctx.tx.execute<EntryRow>(listMainSql(ctx, where, q.limit, key)), q.limit, 'service');
}

/** French full-text search (accents ignored) within what the caller may read; newest first. */
export async function searchJournal(ctx: Ctx, q: JournalSearchInput): Promise<JournalPage> {
  checkPeriod(q, 'body');
  // Searching one person's journal: their record must be readable (else 404, audited).
  if (q.personId) await journalAccess(ctx, q.personId);
  const key = q.cursor ? decodeCursor(q.cursor, ['timestamp', 'uuid'], 'body') : null;
  return pageOf(ctx, await ctx.tx.execute<EntryRow>(searchMainSql(ctx, q, key)), q.limit, 'search');
}
