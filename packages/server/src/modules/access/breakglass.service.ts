import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  displayName,
  searchForm,
  type breakGlassInputSchema,
  type breakGlassReviewSchema,
  type breakGlassSchema,
} from '@maillon/shared/people';
import { auditLabel } from '@maillon/shared/audit';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { iso, isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { notifyRole } from '../notifications/public.ts';
import { resolveAccess } from './service.ts';
import { breakGlass } from './tables.ts';

const BREAK_GLASS_HOURS = 4;

const reasonLabels: Record<string, string> = {
  medical_emergency: 'urgence médicale',
  social_emergency: 'urgence sociale',
  continuity_of_care: 'continuité des soins',
  safeguarding: 'protection de la personne',
  other: 'autre motif',
};

/**
 * Finding the person for an emergency access: exact birth date and a close name, identity only,
 * audited with the break-glass purpose. Nothing else of the record is shown before the access.
 */
export async function findForEmergency(ctx: Ctx, q: { birthName: string; firstNames: string; birthDate: string }) {
  const r = await ctx.tx.execute<{
    id: string;
    birth_name: string;
    used_name: string | null;
    first_names: string;
    birth_date: string;
    commune: string | null;
  }>(sql`
    select p.id, p.birth_name, p.used_name, p.first_names, p.birth_date::text as birth_date, p.commune from person p
    where p.merged_into is null and p.birth_date = ${q.birthDate}
      and word_similarity(${searchForm(q.birthName)}, p.search_name) > 0.6 and word_similarity(${searchForm(q.firstNames)}, p.search_name) > 0.5
    limit 5`);
  await ctx.audit({
    action: 'break_glass.search',
    resourceType: 'person',
    purpose: 'break_glass',
    infoCategory: 'administrative',
    details: { results: r.rows.length },
  });
  return r.rows.map((p) => ({
    id: p.id,
    name: displayName({ birthName: p.birth_name, usedName: p.used_name, firstNames: p.first_names }),
    birthDate: p.birth_date,
    commune: p.commune,
  }));
}

/**
 * FR-06: explicit action, after step-up (checked by the route), structured reason + text, one
 * person, 4 hours, read-only; the DPOs are alerted in the app; the review queue shows it; the
 * person's access report shows it.
 */
export async function openBreakGlass(ctx: Ctx, personId: string, input: z.infer<typeof breakGlassInputSchema>) {
  const exists = await ctx.tx.execute(sql`select 1 from person where id = ${personId} and merged_into is null`);
  if (!exists.rowCount) throw notFound('person');
  const already = await resolveAccess(ctx, personId).catch(() => null);
  if (already && already.via !== 'break_glass')
    throw new AppError('access.emergency_not_needed', 'You already have access to this record; emergency access is not needed.');
  const id = newId();
  const expiresAt = new Date(Date.now() + BREAK_GLASS_HOURS * 3_600_000);
  await ctx.tx
    .insert(breakGlass)
    .values({ id, personId, userId: ctx.actor.userId!, reasonCode: input.reasonCode, reasonText: input.reasonText, expiresAt });
  await ctx.audit({
    action: 'break_glass.open',
    resourceType: 'break_glass',
    resourceId: id,
    personId,
    purpose: 'break_glass',
    details: { reason: input.reasonCode, hours: BREAK_GLASS_HOURS },
  });
  await notifyRole(ctx, 'dpo', {
    kind: 'break_glass',
    title: 'Accès d’urgence à un dossier',
    body: `Un accès d’urgence a été ouvert (motif : ${reasonLabels[input.reasonCode] ?? input.reasonCode}). Il est à examiner dans la file de revue.`,
    link: '/access/break-glass',
  });
  return { id, expiresAt: expiresAt.toISOString() };
}

type BreakGlassView = z.infer<typeof breakGlassSchema>;

export async function listBreakGlass(ctx: Ctx, filter: { pending: boolean }): Promise<BreakGlassView[]> {
  const items = await breakGlassRows(ctx, filter.pending ? sql`b.reviewed_at is null` : sql`true`);
  await ctx.audit({ action: 'break_glass.review_queue', resourceType: 'break_glass', purpose: 'admin', details: { rows: items.length } });
  return items;
}

/** Emergency accesses matching `where` (latest 200), not audited: the callers audit what they do with them. */
async function breakGlassRows(ctx: Ctx, where: SQL): Promise<BreakGlassView[]> {
  const r = await ctx.tx.execute<Record<string, unknown>>(sql`
    select b.*, u.display_name as user_name, m.role as user_role, rv.display_name as reviewer_name,
      p.birth_name, p.used_name, p.first_names
    from break_glass b join app_user u on u.id = b.user_id join person p on p.id = b.person_id
    left join membership m on m.user_id = b.user_id and m.tenant_id = b.tenant_id
    left join app_user rv on rv.id = b.reviewed_by
    where ${where}
    order by b.started_at desc limit 200`);
  return r.rows.map((b) => ({
    id: b.id as string,
    personId: b.person_id as string,
    personName: displayName({
      birthName: b.birth_name as string,
      usedName: b.used_name as string | null,
      firstNames: b.first_names as string,
    }),
    userId: b.user_id as string,
    userName: b.user_name as string,
    userRole: (b.user_role as string | null) ?? null,
    reasonCode: b.reason_code as BreakGlassView['reasonCode'],
    reasonText: b.reason_text as string,
    startedAt: isoRequired(b.started_at as Date),
    expiresAt: isoRequired(b.expires_at as Date),
    reviewedAt: iso(b.reviewed_at as Date | null),
    reviewedBy: (b.reviewer_name as string | null) ?? null,
    reviewOutcome: (b.review_outcome as BreakGlassView['reviewOutcome']) ?? null,
    reviewComment: (b.review_comment as string | null) ?? null,
  }));
}

export async function reviewBreakGlass(ctx: Ctx, id: string, input: z.infer<typeof breakGlassReviewSchema>) {
  const r = await ctx.tx.execute<{ person_id: string }>(sql`
    update break_glass set reviewed_by = ${ctx.actor.userId}, reviewed_at = now(), review_outcome = ${input.outcome}, review_comment = ${input.comment}
    where id = ${id} and reviewed_at is null returning person_id`);
  if (!r.rows[0]) throw notFound('break-glass access to review');
  await ctx.audit({
    action: 'break_glass.reviewed',
    resourceType: 'break_glass',
    resourceId: id,
    personId: r.rows[0].person_id,
    purpose: 'admin',
    details: { outcome: input.outcome },
  });
  return (await breakGlassRows(ctx, sql`b.id = ${id}`))[0]!;
}

/**
 * Who accessed the record, when, what and why (FR-07), from the audit log, including
 * break-glass. For the person (through a professional of the care team) or the DPO. An external
 * partner, a user of the organisation whose account is theirs alone (decision 0006), sees only
 * their own entries: never the names of the organisation's staff.
 */
export async function accessReport(ctx: Ctx, personId: string, opts: { asDpo: boolean }) {
  if (!opts.asDpo) await resolveAccess(ctx, personId);
  const ownOnly = !opts.asDpo && ctx.actor.role === 'external_partner';
  const p = await ctx.tx.execute<{ birth_name: string; used_name: string | null; first_names: string; birth_date: string }>(
    sql`select birth_name, used_name, first_names, birth_date::text as birth_date from person where id = ${personId}`,
  );
  if (!p.rows[0]) throw notFound('person');
  const r = await ctx.tx.execute<{
    occurred_at: string;
    who: string | null;
    actor_role: string | null;
    actor_profession: string | null;
    action: string;
    resource_type: string;
    info_category: string | null;
    purpose: string;
    outcome: string;
  }>(sql`
    select e.occurred_at, u.display_name as who, e.actor_role, e.actor_profession, e.action, e.resource_type, e.info_category, e.purpose, e.outcome
    from audit_event e left join app_user u on u.id = e.actor_user_id
    where e.person_id = ${personId} and e.tenant_id = ${ctx.actor.tenantId}
      ${ownOnly ? sql`and e.actor_user_id = ${ctx.actor.userId}` : sql``}
    order by e.id desc limit 2000`);
  await ctx.audit({
    action: 'person.access_report',
    resourceType: 'person',
    resourceId: personId,
    personId,
    purpose: opts.asDpo ? 'admin' : 'care',
    infoCategory: 'administrative',
    details: { scope: ownOnly ? 'own_entries' : 'all' },
  });
  return {
    person: {
      id: personId,
      name: displayName({ birthName: p.rows[0].birth_name, usedName: p.rows[0].used_name, firstNames: p.rows[0].first_names }),
      birthDate: p.rows[0].birth_date,
    },
    generatedAt: new Date().toISOString(),
    entries: r.rows.map((e) => ({
      occurredAt: isoRequired(e.occurred_at),
      who: e.who,
      role: e.actor_role,
      profession: e.actor_profession,
      action: e.action,
      what: auditLabel.action(e.action),
      infoCategory: e.info_category,
      purpose: e.purpose,
      outcome: e.outcome,
    })),
  };
}
