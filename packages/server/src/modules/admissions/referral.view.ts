import { sql } from 'drizzle-orm';
import type { ChecklistItem, ChecklistTemplateItem, Decision, Referral } from '@maillon/shared/admissions';
import { documentCategoryOf, type DocumentType } from '@maillon/shared/documents';
import { AppError } from '../../lib/errors.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { resolveAccess } from '../access/public.ts';
import { toDecision, type DecisionRow } from './decision.view.ts';
import { abilities, type ReferralAccess, type ReferralRow } from './policy.ts';
import { serviceSetting, stored } from './settings.service.ts';

// A referral as a caller may see it: the detail of `GET /referrals/:id` and the answer of every command.

export interface StoredChecklistItem extends ChecklistTemplateItem {
  done: boolean;
  doneAt: string | null;
  doneBy: string | null;
  note: string | null;
}

/** "MARTIN Jeanne": the name in use in capitals, then the first names. */
export const referralPersonName = (r: { birthName: string; usedName: string | null; firstNames: string }) =>
  `${(r.usedName ?? r.birthName).toLocaleUpperCase('fr-FR')} ${r.firstNames}`;

/** For a person's record the caller may open, what it holds of each document type of the checklist. */
async function documentStatuses(
  ctx: Ctx,
  row: ReferralRow,
  access: ReferralAccess,
): Promise<Map<string, 'present' | 'expired' | 'missing'> | null> {
  if (!row.personId) return null;
  let categories = access.person?.categories ?? null;
  if (!categories) {
    try {
      categories = (await resolveAccess(ctx, row.personId)).categories;
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') return null;
      throw e;
    }
  }
  const readable = categories;
  const types = (row.checklist as StoredChecklistItem[])
    .map((i) => i.documentType)
    .filter((t): t is DocumentType => !!t && readable.has(documentCategoryOf[t]));
  if (!types.length) return new Map();
  const r = await ctx.tx.execute<{ type: string; valid: boolean }>(sql`
    select type, bool_or(valid_until is null or valid_until >= current_date) as valid from person_document
    where person_id = ${row.personId} and archived_at is null and type in (${sql.join(
      types.map((t) => sql`${t}`),
      sql`, `,
    )}) group by type`);
  const found = new Map(r.rows.map((x) => [x.type, x.valid ? ('present' as const) : ('expired' as const)]));
  return new Map(types.map((t) => [t, found.get(t) ?? 'missing']));
}

/** The referral as this caller may see it: the reason and the visit reports need `social`, the medical information `health`. */
export async function toReferral(ctx: Ctx, row: ReferralRow, access: ReferralAccess): Promise<Referral> {
  const social = access.categories.has('social');
  const health = access.categories.has('health');
  const serviceIds = [...new Set([...row.requestedServiceIds, row.serviceId, ...(row.admittedServiceId ? [row.admittedServiceId] : [])])];
  const services = new Map(
    (
      await ctx.tx.execute<{ id: string; name: string; kind: string; capacity: number | null }>(
        sql`select id, name, kind, capacity from service where id in (${sql.join(
          serviceIds.map((i) => sql`${i}`),
          sql`, `,
        )})`,
      )
    ).rows.map((s) => [s.id, s]),
  );
  // From the row just read, archived or not: a referral stays readable after its service is archived.
  const setting = serviceSetting(services.get(row.serviceId)!, (await stored(ctx))?.settings ?? {});
  const visits = await ctx.tx.execute<{
    id: string;
    status: string;
    planned_at: string;
    visitors: string;
    visitor_ids: string[];
    done_on: string | null;
    report: unknown;
    cancel_reason: string | null;
    recorded_by: string | null;
    recorder: string | null;
    version: number;
  }>(sql`select v.id, v.status, v.planned_at, v.visitors, v.visitor_ids, v.done_on::text as done_on, v.report, v.cancel_reason, v.recorded_by,
      u.display_name as recorder, v.version
    from home_visit v left join app_user u on u.id = v.recorded_by where v.referral_id = ${row.id} order by v.planned_at desc`);
  const decisions = await ctx.tx.execute<DecisionRow>(sql`
    select d.*, u.display_name as decided_by_name, c.session_id as committee_id from admission_decision d
    join app_user u on u.id = d.decided_by left join committee_case c on c.id = d.case_id
    where d.referral_id = ${row.id} order by d.decided_at desc, d.id desc`);
  const agenda = (
    await ctx.tx.execute<{ id: string; session_id: string; scheduled_at: string }>(sql`
      select c.id, c.session_id, s.scheduled_at from committee_case c join committee_session s on s.id = c.session_id
      where c.referral_id = ${row.id} and c.status = 'on_agenda' limit 1`)
  ).rows[0];
  const waiting = (
    await ctx.tx.execute<{ id: string; priority: string; since: string; status: string; version: number; rank: number | null }>(sql`
      select e.id, e.priority, e.since::text as since, e.status, e.version,
        case when e.status = 'waiting' then (select count(*)::int + 1 from waiting_list_entry x where x.service_id = e.service_id
          and x.status = 'waiting' and (x.priority_rank, x.since, x.id) < (e.priority_rank, e.since, e.id)) end as rank
      from waiting_list_entry e where e.referral_id = ${row.id}`)
  ).rows[0];
  const events = await ctx.tx.execute<{
    at: string;
    from_status: string | null;
    to_status: string;
    by_name: string | null;
    note: string | null;
  }>(sql`
    select e.at, e.from_status, e.to_status, u.display_name as by_name, e.note from referral_event e left join app_user u on u.id = e.by
    where e.referral_id = ${row.id} order by e.at, e.id`);
  const names = new Map(
    (
      await ctx.tx.execute<{ id: string; display_name: string }>(
        sql`select id, display_name from app_user where id in (${row.submittedBy ?? row.id}, ${row.referentUserId ?? row.id})`,
      )
    ).rows.map((u) => [u.id, u.display_name]),
  );
  const docs = await documentStatuses(ctx, row, access);
  const checklist: ChecklistItem[] = (row.checklist as StoredChecklistItem[]).map((i) => ({
    key: i.key,
    label: i.label,
    kind: i.kind,
    documentType: i.documentType,
    done: i.done,
    doneAt: i.doneAt,
    doneBy: i.doneBy,
    note: social ? i.note : null,
    documentStatus: i.documentType && docs ? (docs.get(i.documentType) ?? null) : null,
  }));
  const svc = (id: string) => ({ id, name: services.get(id)?.name ?? '' });
  return {
    id: row.id,
    reference: row.reference,
    status: row.status as Referral['status'],
    source: row.source as Referral['source'],
    channel: row.channel as Referral['channel'],
    sourceOrganisation: row.sourceOrganisation,
    referrer: { name: row.referrerName, function: row.referrerFunction, phone: row.referrerPhone, email: row.referrerEmail },
    submittedBy: row.submittedBy ? { userId: row.submittedBy, displayName: names.get(row.submittedBy) ?? '' } : null,
    receivedAt: isoRequired(row.receivedAt),
    urgency: row.urgency as Referral['urgency'],
    reason: social ? row.reason : null,
    medicalInformation: health ? row.medicalInformation : null,
    requestedServices: row.requestedServiceIds.map(svc),
    service: { ...svc(row.serviceId), kind: setting.kind, decisionMode: setting.decisionMode },
    expectedStartDate: row.expectedStartDate,
    currentPlace: row.currentPlace as Referral['currentPlace'],
    personInformed: row.personInformed,
    person: {
      birthName: row.birthName,
      usedName: row.usedName,
      firstNames: row.firstNames,
      sex: row.sex as Referral['person']['sex'],
      birthDate: row.birthDate,
      phone: row.phone,
      commune: row.commune,
    },
    personId: row.personId,
    checklist,
    homeVisits: visits.rows.map((v) => ({
      id: v.id,
      status: v.status as Referral['homeVisits'][number]['status'],
      plannedAt: isoRequired(v.planned_at),
      visitors: v.visitors,
      visitorIds: v.visitor_ids,
      doneOn: v.done_on,
      report: social ? (v.report as Referral['homeVisits'][number]['report']) : null,
      cancelReason: v.cancel_reason,
      recordedBy: v.recorded_by ? { userId: v.recorded_by, displayName: v.recorder ?? '' } : null,
      version: v.version,
    })),
    assessmentId: row.assessmentId,
    decisions: decisions.rows.map((d): Decision => toDecision(d, social)),
    committee: agenda ? { id: agenda.session_id, caseId: agenda.id, scheduledAt: isoRequired(agenda.scheduled_at) } : null,
    waitingList: waiting
      ? {
          entryId: waiting.id,
          priority: waiting.priority as NonNullable<Referral['waitingList']>['priority'],
          since: waiting.since,
          rank: waiting.rank,
          status: waiting.status as NonNullable<Referral['waitingList']>['status'],
          version: waiting.version,
        }
      : null,
    admission:
      row.admittedOn && row.admittedServiceId
        ? {
            admittedOn: row.admittedOn,
            service: svc(row.admittedServiceId),
            placeKind: row.placeKind as NonNullable<Referral['admission']>['placeKind'],
            placeLabel: row.placeLabel,
            referent: row.referentUserId ? { userId: row.referentUserId, displayName: names.get(row.referentUserId) ?? '' } : null,
          }
        : null,
    end: row.endedOn ? { endedOn: row.endedOn, reason: row.endReason ?? '' } : null,
    withdrawal: row.withdrawnAt ? { at: isoRequired(row.withdrawnAt), reason: row.withdrawReason ?? '' } : null,
    events: events.rows.map((e) => ({
      at: isoRequired(e.at),
      from: e.from_status as Referral['status'] | null,
      to: e.to_status as Referral['status'],
      by: e.by_name,
      note: social ? e.note : null,
    })),
    version: row.version,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    access: { via: access.via, categories: [...access.categories], can: abilities(ctx, access, row, setting.decisionMode) },
  };
}
