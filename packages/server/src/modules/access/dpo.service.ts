import { sql } from 'drizzle-orm';
import { displayName, searchForm, type DpoPersonMatch } from '@maillon/shared/people';
import type { Ctx } from '../../plugins/context.ts';

/**
 * The DPO finds a person to answer a right-of-access request (issue 19 item 6): exact birth date
 * and every word of the name close to the person's names. Only what picks the right person is
 * returned (name, birth date, service), never the record. Audited with the administration
 * purpose: one row per person found (so the person's own access report shows the search), or one
 * row without a person when nobody matched.
 */
export async function findForDpo(ctx: Ctx, q: { name: string; birthDate: string }): Promise<DpoPersonMatch[]> {
  const words = searchForm(q.name)
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 6);
  const nameMatch = words.length
    ? sql.join(
        words.map((w) => sql`word_similarity(${w}, p.search_name) > 0.6`),
        sql` and `,
      )
    : sql`false`;
  const r = await ctx.tx.execute<{
    id: string;
    birth_name: string;
    used_name: string | null;
    first_names: string;
    birth_date: string;
    service_name: string | null;
  }>(sql`
    select p.id, p.birth_name, p.used_name, p.first_names, p.birth_date::text as birth_date, s.name as service_name
    from person p left join service s on s.id = p.service_id
    where p.merged_into is null and p.birth_date = ${q.birthDate} and ${nameMatch}
    order by p.birth_name, p.first_names limit 20`);
  const found = r.rows;
  if (found.length === 0) {
    await ctx.audit({
      action: 'person.dpo_search',
      resourceType: 'person',
      purpose: 'admin',
      infoCategory: 'administrative',
      details: { results: 0 },
    });
  }
  for (const p of found) {
    await ctx.audit({
      action: 'person.dpo_search',
      resourceType: 'person',
      resourceId: p.id,
      personId: p.id,
      purpose: 'admin',
      infoCategory: 'administrative',
      details: { results: found.length },
    });
  }
  return found.map((p) => ({
    id: p.id,
    name: displayName({ birthName: p.birth_name, usedName: p.used_name, firstNames: p.first_names }),
    birthDate: p.birth_date,
    serviceName: p.service_name,
  }));
}
