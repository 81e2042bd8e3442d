import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Committee,
  CommitteeCase,
  CommitteeMember,
  DecisionInput,
  committeeCreateSchema,
  committeeListQuerySchema,
  committeeSummarySchema,
  committeeUpdateSchema,
} from '@maillon/shared/admissions';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, timestampKey, toPage } from '../../lib/pagination.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { recordDecision } from './decision.service.ts';
import { toDecision, type DecisionRow } from './decision.view.ts';
import { ownCategories, visibleReferralsSql } from './policy.ts';
import { move, openForWrite } from './referral.service.ts';
import { referralPersonName } from './referral.view.ts';
import { committeeMembersOf } from './settings.service.ts';
import { committeeCase, committeeSession } from './tables.ts';

// Admission committee sessions: members as the organisation sets them, the agenda of cases
// presented, a reasoned decision per case by those who hold `committee.decide`, the minutes.

type SessionRow = typeof committeeSession.$inferSelect;

async function loadSession(ctx: Ctx, id: string, lock = false): Promise<SessionRow> {
  const q = ctx.tx.select().from(committeeSession).where(eq(committeeSession.id, id));
  const s = (lock ? await q.for('update') : await q)[0];
  if (!s) throw notFound('committee session');
  return s;
}

type CaseRow = {
  id: string;
  position: number;
  status: string;
  referral_id: string;
  summary: string | null;
  presented_by: string | null;
  presenter: string | null;
  postpone_reason: string | null;
  version: number;
  reference: string;
  birth_name: string;
  used_name: string | null;
  first_names: string;
  birth_date: string;
  service_id: string;
  service_name: string;
  urgency: string;
  source: string;
  source_organisation: string | null;
  person_id: string | null;
  decision_id: string | null;
};

/** The session's cases the caller may see (the same rule as the inbox), and how many others there are. */
async function casesOf(ctx: Ctx, sessionId: string): Promise<{ cases: CommitteeCase[]; hidden: number; personIds: string[] }> {
  const r = await ctx.tx.execute<CaseRow & { visible: boolean }>(sql`
    select c.id, c.position, c.status, c.referral_id, c.summary, c.presented_by, u.display_name as presenter, c.postpone_reason, c.version,
      r.reference, r.birth_name, r.used_name, r.first_names, r.birth_date::text as birth_date, r.service_id, s.name as service_name,
      r.urgency, r.source, r.source_organisation, r.person_id, c.decision_id, (${visibleReferralsSql(ctx)}) as visible
    from committee_case c join referral r on r.id = c.referral_id join service s on s.id = r.service_id
    left join app_user u on u.id = c.presented_by
    where c.session_id = ${sessionId} order by c.position, c.id`);
  const visible = r.rows.filter((c) => c.visible);
  const decisionIds = visible.map((c) => c.decision_id).filter((x): x is string => !!x);
  const decisions = decisionIds.length
    ? new Map(
        (
          await ctx.tx.execute<DecisionRow>(sql`
            select d.*, u.display_name as decided_by_name, ${sessionId}::uuid as committee_id from admission_decision d join app_user u on u.id = d.decided_by
            where d.id in (${sql.join(
              decisionIds.map((i) => sql`${i}`),
              sql`, `,
            )})`)
        ).rows.map((d) => [d.id, d]),
      )
    : new Map<string, DecisionRow>();
  // The reasoning of a decision is social information (FR-05), as in the referral's own view.
  const social = ownCategories(ctx).has('social');
  return {
    cases: visible.map((c) => ({
      id: c.id,
      position: c.position,
      status: c.status as CommitteeCase['status'],
      referralId: c.referral_id,
      reference: c.reference,
      personName: referralPersonName({ birthName: c.birth_name, usedName: c.used_name, firstNames: c.first_names }),
      birthDate: c.birth_date,
      service: { id: c.service_id, name: c.service_name },
      urgency: c.urgency as CommitteeCase['urgency'],
      source: c.source as CommitteeCase['source'],
      sourceOrganisation: c.source_organisation,
      summary: c.summary,
      presentedBy: c.presented_by ? { userId: c.presented_by, displayName: c.presenter ?? '' } : null,
      postponeReason: c.postpone_reason,
      decision: c.decision_id && decisions.get(c.decision_id) ? toDecision(decisions.get(c.decision_id)!, social) : null,
      version: c.version,
    })),
    hidden: r.rows.length - visible.length,
    personIds: visible.map((c) => c.person_id).filter((x): x is string => !!x),
  };
}

const memberOut = (m: CommitteeMember) => ({ ...m, userId: m.userId ?? null, present: m.present ?? true });

async function toCommittee(ctx: Ctx, s: SessionRow): Promise<Committee> {
  const { cases, hidden } = await casesOf(ctx, s.id);
  const p = ctx.actor.permissions;
  return {
    id: s.id,
    scheduledAt: isoRequired(s.scheduledAt),
    location: s.location,
    status: s.status as Committee['status'],
    members: (s.members as CommitteeMember[]).map(memberOut),
    notes: s.notes,
    cases,
    hiddenCases: hidden,
    version: s.version,
    can: { update: p.has('referral.update'), addCase: p.has('referral.update'), decide: p.has('committee.decide') },
  };
}

export async function listCommittees(
  ctx: Ctx,
  q: z.infer<typeof committeeListQuerySchema>,
): Promise<{ items: z.infer<typeof committeeSummarySchema>[]; nextCursor: string | null }> {
  const upcoming = q.when === 'upcoming';
  const cur = q.cursor ? decodeCursor(q.cursor, ['timestamp', 'uuid']) : null;
  const r = await ctx.tx.execute<{
    id: string;
    scheduled_at: string;
    location: string | null;
    status: string;
    cases: number;
    decided: number;
  }>(sql`
    select s.id, s.scheduled_at, s.location, s.status,
      (select count(*)::int from committee_case c where c.session_id = s.id and c.status <> 'withdrawn') as cases,
      (select count(*)::int from committee_case c where c.session_id = s.id and c.status = 'decided') as decided
    from committee_session s
    where ${upcoming ? sql`s.scheduled_at >= date_trunc('day', now())` : sql`s.scheduled_at < date_trunc('day', now())`}
      ${cur ? (upcoming ? sql`and (s.scheduled_at, s.id) > (${cur[0]}::timestamptz, ${cur[1]}::uuid)` : sql`and (s.scheduled_at, s.id) < (${cur[0]}::timestamptz, ${cur[1]}::uuid)`) : sql``}
    order by s.scheduled_at ${upcoming ? sql`asc` : sql`desc`}, s.id ${upcoming ? sql`asc` : sql`desc`} limit ${q.limit + 1}`);
  const page = toPage(r.rows, q.limit, (last) => [timestampKey(last.scheduled_at), last.id]);
  return {
    items: page.items.map((s) => ({
      id: s.id,
      scheduledAt: isoRequired(s.scheduled_at),
      location: s.location,
      status: s.status as Committee['status'],
      cases: s.cases,
      decided: s.decided,
    })),
    nextCursor: page.nextCursor,
  };
}

export async function createCommittee(ctx: Ctx, input: z.infer<typeof committeeCreateSchema>): Promise<Committee> {
  const id = newId();
  const members = input.members ?? (await committeeMembersOf(ctx));
  await ctx.tx.insert(committeeSession).values({
    id,
    scheduledAt: new Date(input.scheduledAt),
    location: input.location ?? null,
    members: members.map(memberOut),
    createdBy: ctx.actor.userId,
  });
  await ctx.audit({ action: 'committee.create', resourceType: 'committee_session', resourceId: id, infoCategory: 'administrative' });
  return toCommittee(ctx, await loadSession(ctx, id));
}

/** Opening a session: its agenda names people, so the read is audited once per person shown. */
export async function getCommittee(ctx: Ctx, id: string): Promise<Committee> {
  const s = await loadSession(ctx, id);
  const c = await toCommittee(ctx, s);
  const { personIds } = await casesOf(ctx, id);
  for (const personId of new Set(personIds)) {
    await ctx.audit({ action: 'committee.read', resourceType: 'committee_session', resourceId: id, personId, infoCategory: 'social' });
  }
  return c;
}

export async function updateCommittee(
  ctx: Ctx,
  id: string,
  expected: number,
  input: z.infer<typeof committeeUpdateSchema>,
): Promise<Committee> {
  const s = await loadSession(ctx, id, true);
  if (s.version !== expected) {
    throw new AppError('precondition_failed', 'This session was changed in the meantime; here it is.', {
      current: await toCommittee(ctx, s),
    });
  }
  const { held, members, scheduledAt, ...rest } = input;
  await ctx.tx
    .update(committeeSession)
    .set({
      ...rest,
      ...(members ? { members: members.map(memberOut) } : {}),
      ...(scheduledAt ? { scheduledAt: new Date(scheduledAt) } : {}),
      ...(held === undefined ? {} : { status: held ? 'held' : 'planned' }),
      updatedAt: new Date(),
      version: sql`${committeeSession.version} + 1`,
    })
    .where(eq(committeeSession.id, id));
  await ctx.audit({
    action: 'committee.update',
    resourceType: 'committee_session',
    resourceId: id,
    infoCategory: 'administrative',
    details: { fields: Object.keys(input) },
  });
  return toCommittee(ctx, await loadSession(ctx, id));
}

/** under_review → presented: the case goes on the session's agenda, with its presentation. */
export async function addCase(ctx: Ctx, sessionId: string, input: { referralId: string; summary: string }): Promise<Committee> {
  const s = await loadSession(ctx, sessionId, true);
  const { row, access } = await openForWrite(ctx, input.referralId);
  if (s.status !== 'planned') {
    throw new AppError('committee.session_held', 'This session has been held: put the case on the agenda of a coming one.', {
      errors: [{ path: 'status', message: 'session held', code: 'session_held' }],
    });
  }
  await move(ctx, row, access, 'presented', {}, `Commission du ${s.scheduledAt.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}`);
  const pos = await ctx.tx.execute<{ n: number }>(
    sql`select coalesce(max(position), 0)::int + 1 as n from committee_case where session_id = ${sessionId}`,
  );
  await ctx.tx.insert(committeeCase).values({
    id: newId(),
    sessionId,
    referralId: row.id,
    position: pos.rows[0]!.n,
    summary: input.summary,
    presentedBy: ctx.actor.userId,
  });
  await ctx.tx.execute(sql`update committee_session set updated_at = now(), version = version + 1 where id = ${sessionId}`);
  return toCommittee(ctx, await loadSession(ctx, sessionId));
}

async function openCase(ctx: Ctx, sessionId: string, caseId: string, expected: number) {
  const s = await loadSession(ctx, sessionId, true);
  const c = (
    await ctx.tx
      .select()
      .from(committeeCase)
      .where(and(eq(committeeCase.id, caseId), eq(committeeCase.sessionId, sessionId)))
      .for('update')
  )[0];
  if (!c) throw notFound('case');
  const { row, access } = await openForWrite(ctx, c.referralId);
  if (c.version !== expected) {
    throw new AppError('precondition_failed', 'This case was changed in the meantime; here is the session as it is now.', {
      current: await toCommittee(ctx, s),
    });
  }
  if (c.status !== 'on_agenda') {
    throw new AppError('committee.case_closed', `This case is no longer on the agenda (${c.status}).`, {
      errors: [{ path: 'status', message: `case ${c.status}`, code: 'case_closed' }],
      current: { status: c.status },
    });
  }
  return { s, c, row, access };
}

/**
 * The committee's reasoned decision on a case (If-Match on the case): `committee.decide` only.
 * A decision marks the session held only once its day has come: recorded ahead of a coming
 * session, it leaves that session planned and open to other cases (marking it held is explicit).
 */
export async function decideCase(ctx: Ctx, sessionId: string, caseId: string, expected: number, input: DecisionInput): Promise<Committee> {
  const { c, row, access } = await openCase(ctx, sessionId, caseId, expected);
  const { decisionId } = await recordDecision(ctx, row, access, input, 'committee', caseId);
  await ctx.tx
    .update(committeeCase)
    .set({ status: 'decided', decisionId, updatedAt: new Date(), version: sql`${committeeCase.version} + 1` })
    .where(eq(committeeCase.id, c.id));
  await ctx.tx.execute(
    sql`update committee_session
      set status = case when scheduled_at < date_trunc('day', now()) + interval '1 day' then 'held' else status end,
        updated_at = now(), version = version + 1
      where id = ${sessionId}`,
  );
  return toCommittee(ctx, await loadSession(ctx, sessionId));
}

/** presented → under_review: the committee asks for more (a visit, a document) before deciding. */
export async function postponeCase(ctx: Ctx, sessionId: string, caseId: string, expected: number, reason: string): Promise<Committee> {
  const { c, row, access } = await openCase(ctx, sessionId, caseId, expected);
  await move(ctx, row, access, 'under_review', {}, `Ajourné : ${reason}`);
  await ctx.tx
    .update(committeeCase)
    .set({ status: 'postponed', postponeReason: reason, updatedAt: new Date(), version: sql`${committeeCase.version} + 1` })
    .where(eq(committeeCase.id, c.id));
  await ctx.tx.execute(sql`update committee_session set updated_at = now(), version = version + 1 where id = ${sessionId}`);
  return toCommittee(ctx, await loadSession(ctx, sessionId));
}

/** What the minutes need: the session and the cases the caller may see, each export audited per person. */
export async function minutesData(ctx: Ctx, id: string): Promise<{ committee: Committee; organisation: string }> {
  const s = await loadSession(ctx, id);
  const committee = await toCommittee(ctx, s);
  const { personIds } = await casesOf(ctx, id);
  for (const personId of new Set(personIds)) {
    await ctx.audit({
      action: 'committee.minutes_pdf',
      resourceType: 'committee_session',
      resourceId: id,
      personId,
      infoCategory: 'social',
      purpose: 'export',
    });
  }
  const org =
    (await ctx.tx.execute<{ name: string }>(sql`select name from organisation where id = ${ctx.actor.tenantId}`)).rows[0]?.name ?? '';
  return { committee, organisation: org };
}
