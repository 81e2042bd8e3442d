import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { journalPdfQuerySchema } from '@maillon/shared/coordination';
import { displayName, infoCategories, type InfoCategory } from '@maillon/shared/people';
import { AppError } from '../../lib/errors.ts';
import type { Ctx } from '../../plugins/context.ts';
import type { JournalPdfData } from './journal.pdf.ts';
import { journalAccess, mostSensitive } from './policy.ts';
import { entryColumns, filterSql, toEntries, type EntryRow } from './read.ts';

/** At most this many entries in one document (SEC-VAL-04: bounded exports). */
const PDF_MAX = 2000;

/**
 * A person's journal for a period, of the categories asked that the caller reads (issue 20
 * item 7); entered-in-error entries are left out. Audited as an export (purpose `export`, or
 * `break_glass` through an emergency access).
 */
export async function journalPdfData(ctx: Ctx, personId: string, q: z.infer<typeof journalPdfQuerySchema>): Promise<JournalPdfData> {
  if (q.to < q.from) {
    throw new AppError('journal.period_invalid', 'The period ends before it starts.', {
      errors: [{ path: 'querystring.to', message: 'before from', code: 'journal.period_invalid' }],
    });
  }
  const access = await journalAccess(ctx, personId);
  const asked = q.categories ? (q.categories.split(',') as InfoCategory[]) : [...infoCategories];
  const cats = infoCategories.filter((c) => asked.includes(c) && access.categories.has(c));
  const r = cats.length
    ? await ctx.tx.execute<EntryRow>(sql`select ${entryColumns} from journal_entry e join person p on p.id = e.person_id
        where e.person_id = ${personId} and e.status = 'current' and e.category = any(${`{${cats.join(',')}}`}::text[]) ${filterSql(q)}
        order by e.fact_at desc, e.id desc limit ${PDF_MAX + 1}`)
    : { rows: [] as EntryRow[] };
  const rows = r.rows.slice(0, PDF_MAX).reverse();
  const entries = await toEntries(ctx, rows, access);
  const who = await ctx.tx.execute<{ display_name: string; birth_name: string; used_name: string | null; first_names: string }>(
    sql`select (select display_name from app_user where id = ${ctx.actor.userId}) as display_name, p.birth_name, p.used_name, p.first_names
      from person p where p.id = ${personId}`,
  );
  const w = who.rows[0]!;
  await ctx.audit({
    action: 'journal.pdf',
    resourceType: 'person',
    resourceId: personId,
    personId,
    infoCategory: mostSensitive(entries.length ? entries.map((e) => e.category) : cats.length ? cats : ['administrative']),
    purpose: access.via === 'break_glass' ? 'break_glass' : 'export',
    details: { from: q.from, to: q.to, categories: cats, results: entries.length },
  });
  return {
    person: displayName({ birthName: w.birth_name, usedName: w.used_name, firstNames: w.first_names }),
    from: q.from,
    to: q.to,
    categories: cats,
    generatedAt: new Date().toISOString(),
    generatedBy: w.display_name,
    entries,
    truncated: r.rows.length > PDF_MAX,
  };
}
