import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  careTeamAddSchema,
  careTeamMemberSchema,
  careTeamUpdateSchema,
  consentInputSchema,
  consentSchema,
} from '@maillon/shared/people';
import { AppError, notFound, staleVersion } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { iso, isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { referentEligibleSql } from '../identity/public.ts';
import { activeMembershipSql, assertCanRead, assertCanWrite, hasLegalMandate, resolveAccess } from './service.ts';
import { careTeamMember, consent } from './tables.ts';

type Member = z.infer<typeof careTeamMemberSchema>;

interface MemberRow extends Record<string, unknown> {
  id: string;
  user_id: string | null;
  display_name: string | null;
  role: string | null;
  profession: string | null;
  external_name: string | null;
  external_organisation: string | null;
  external_email: string | null;
  external_phone: string | null;
  function: string;
  is_referent: boolean;
  restricted_access: boolean;
  start_date: string;
  end_date: string | null;
  active: boolean;
  version: number;
}

const toMember = (r: MemberRow): Member => ({
  id: r.id,
  kind: r.user_id ? 'internal' : 'external',
  userId: r.user_id,
  displayName: r.display_name ?? r.external_name ?? '',
  role: r.role,
  profession: r.profession,
  function: r.function as Member['function'],
  isReferent: r.is_referent,
  restrictedAccess: r.restricted_access,
  externalOrganisation: r.external_organisation,
  externalEmail: r.external_email,
  externalPhone: r.external_phone,
  startDate: r.start_date,
  endDate: r.end_date,
  active: r.active,
  version: r.version,
});

async function members(ctx: Ctx, personId: string, id?: string): Promise<Member[]> {
  const r = await ctx.tx.execute<MemberRow>(sql`
    select c.id, c.user_id, u.display_name, m.role, m.profession, c.external_name, c.external_organisation, c.external_email,
      c.external_phone, c.function, c.is_referent, c.restricted_access, c.start_date::text as start_date, c.end_date::text as end_date,
      ${activeMembershipSql(sql`c`)} as active, c.version
    from care_team_member c left join app_user u on u.id = c.user_id left join membership m on m.user_id = c.user_id and m.tenant_id = c.tenant_id
    where c.person_id = ${personId} ${id ? sql`and c.id = ${id}` : sql``}
    order by active desc, c.is_referent desc, c.start_date`);
  return r.rows.map(toMember);
}

/** Whoever opens a record joins its care team (the referent when a coordinator), so that it does not become invisible to them. */
export async function joinCareTeamAsCreator(ctx: Ctx, personId: string): Promise<void> {
  await ctx.tx.insert(careTeamMember).values({
    id: newId(),
    personId,
    userId: ctx.actor.userId,
    function: ctx.actor.role === 'coordinator' ? 'referent' : 'other',
    isReferent: ctx.actor.role === 'coordinator',
    startDate: new Date().toISOString().slice(0, 10),
    createdBy: ctx.actor.userId,
  });
}

export async function listCareTeam(ctx: Ctx, personId: string): Promise<Member[]> {
  const access = await resolveAccess(ctx, personId);
  assertCanRead(access, 'administrative');
  await ctx.audit({
    action: 'care_team.read',
    resourceType: 'care_team',
    personId,
    infoCategory: 'administrative',
    purpose: access.via === 'break_glass' ? 'break_glass' : 'care',
  });
  return members(ctx, personId);
}

/**
 * Only a member whose role manages care teams, of the person's service (or of none), is named
 * referent coordinator (issue 19); anyone else is refused as a bad value of `path`.
 */
async function assertEligibleReferent(ctx: Ctx, userId: string | null | undefined, serviceId: string | null, path: string) {
  const ok = userId
    ? (
        await ctx.tx.execute(
          sql`select 1 from membership m where m.user_id = ${userId} and m.tenant_id = ${ctx.actor.tenantId} and ${referentEligibleSql(serviceId)}`,
        )
      ).rowCount
    : 0;
  if (!ok) {
    throw new AppError('validation_failed', 'This member cannot be the referent coordinator of a person of this service.', {
      errors: [{ path, message: 'not eligible as referent', code: 'referent_not_eligible' }],
    });
  }
}

async function personServiceOf(ctx: Ctx, personId: string): Promise<string | null> {
  const r = await ctx.tx.execute<{ service_id: string | null }>(sql`select service_id from person where id = ${personId}`);
  return r.rows[0]?.service_id ?? null;
}

/** The referent is one person at a time: naming a new one ends the flag on the others. */
async function setReferent(ctx: Ctx, personId: string, memberId: string, userId: string | null) {
  await ctx.tx.execute(
    sql`update care_team_member set is_referent = false, version = version + 1 where person_id = ${personId} and id <> ${memberId} and is_referent`,
  );
  await ctx.tx.execute(
    sql`update person set referent_user_id = ${userId}, updated_at = now(), version = version + 1 where id = ${personId}`,
  );
}

export async function addCareTeamMember(ctx: Ctx, personId: string, input: z.infer<typeof careTeamAddSchema>): Promise<Member> {
  const access = await resolveAccess(ctx, personId);
  assertCanWrite(access, 'administrative');
  if (input.userId) {
    const m = await ctx.tx.execute(sql`select 1 from membership where user_id = ${input.userId} and status = 'active'`);
    if (!m.rowCount) {
      throw new AppError('validation_failed', 'This person is not an active member of the organisation.', {
        errors: [{ path: 'body.userId', message: 'unknown member', code: 'unknown_member' }],
      });
    }
    const dup = await ctx.tx.execute(
      sql`select 1 from care_team_member where person_id = ${personId} and user_id = ${input.userId}
          and (end_date is null or end_date >= current_date) and ended_at is null`,
    );
    if (dup.rowCount)
      throw new AppError('care_team.already_member', 'Already in the care team.', {
        errors: [{ path: 'body.userId', message: 'already a member', code: 'duplicate' }],
      });
  }
  if (input.isReferent) await assertEligibleReferent(ctx, input.userId, await personServiceOf(ctx, personId), 'body.isReferent');
  const id = newId();
  await ctx.tx.insert(careTeamMember).values({
    id,
    personId,
    userId: input.userId ?? null,
    externalName: input.externalName ?? null,
    externalOrganisation: input.externalOrganisation ?? null,
    externalEmail: input.externalEmail ?? null,
    externalPhone: input.externalPhone ?? null,
    function: input.function,
    isReferent: input.isReferent,
    restrictedAccess: input.restrictedAccess,
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    endedAt: endedAtFor(input.endDate),
    createdBy: ctx.actor.userId,
  });
  if (input.isReferent) await setReferent(ctx, personId, id, input.userId ?? null);
  await ctx.audit({
    action: 'care_team.add',
    resourceType: 'care_team_member',
    resourceId: id,
    personId,
    infoCategory: 'administrative',
    details: { function: input.function, internal: !!input.userId },
  });
  return (await members(ctx, personId, id))[0]!;
}

/**
 * `ended_at` for an end date: a membership whose last day is today or earlier is over now (its
 * access ends at the next request, not at midnight); an earlier end is kept; no end date or a
 * later one: not ended (SEC-AZ-06).
 */
function endedAtFor(endDate: string | null | undefined): SQL | null {
  if (!endDate) return null;
  return sql`case when ${endDate}::date <= current_date then coalesce(${careTeamMember.endedAt}, now()) end`;
}

/** Ending a membership (end date) takes effect at the next request (SEC-AZ-06), even when it ends today. */
export async function updateCareTeamMember(
  ctx: Ctx,
  personId: string,
  id: string,
  expected: number,
  input: z.infer<typeof careTeamUpdateSchema>,
): Promise<Member> {
  const access = await resolveAccess(ctx, personId);
  assertCanWrite(access, 'administrative');
  const before = (await members(ctx, personId, id))[0];
  if (!before) throw notFound('care team member');
  if (input.isReferent && !before.isReferent) {
    await assertEligibleReferent(ctx, before.userId, await personServiceOf(ctx, personId), 'body.isReferent');
  }
  if (input.endDate && input.endDate < before.startDate) {
    throw new AppError('validation_failed', 'The end date is before the start date.', {
      errors: [{ path: 'body.endDate', message: 'before start', code: 'date_order' }],
    });
  }
  const rows = await ctx.tx
    .update(careTeamMember)
    .set({
      ...input,
      ...(input.endDate === undefined ? {} : { endedAt: endedAtFor(input.endDate) }),
      updatedAt: new Date(),
      version: sql`${careTeamMember.version} + 1`,
    })
    .where(and(eq(careTeamMember.id, id), eq(careTeamMember.personId, personId), eq(careTeamMember.version, expected)))
    .returning({ id: careTeamMember.id });
  if (!rows[0]) {
    throw await staleVersion('This member was changed in the meantime.', async () => (await members(ctx, personId, id))[0] ?? null);
  }
  if (input.isReferent) await setReferent(ctx, personId, id, before.userId);
  await ctx.audit({
    action: input.endDate ? 'care_team.end' : 'care_team.update',
    resourceType: 'care_team_member',
    resourceId: id,
    personId,
    infoCategory: 'administrative',
    details: { fields: Object.keys(input) },
  });
  return (await members(ctx, personId, id))[0]!;
}

type Consent = z.infer<typeof consentSchema>;

export async function listConsents(ctx: Ctx, personId: string): Promise<Consent[]> {
  const access = await resolveAccess(ctx, personId);
  assertCanRead(access, 'administrative');
  const items = await consentRows(ctx, personId);
  await ctx.audit({ action: 'consent.read', resourceType: 'consent', personId, infoCategory: 'administrative', purpose: 'consent' });
  return items;
}

/** The person's consents (or one of them), for a caller whose access is already checked; not audited as a read. */
async function consentRows(ctx: Ctx, personId: string, id?: string): Promise<Consent[]> {
  const r = await ctx.tx.execute<Record<string, unknown>>(sql`
    select k.*, u.display_name as collector_name from consent k join app_user u on u.id = k.collected_by
    where k.person_id = ${personId} ${id ? sql`and k.id = ${id}` : sql``} order by k.collected_at desc`);
  return r.rows.map((k) => ({
    id: k.id as string,
    decision: k.decision as Consent['decision'],
    informedAt: String(k.informed_at),
    collectedBy: { userId: k.collected_by as string, displayName: k.collector_name as string },
    collectedAt: isoRequired(k.collected_at as Date),
    method: k.method as Consent['method'],
    infoCategories: k.info_categories as Consent['infoCategories'],
    professionalCategories: k.professional_categories as Consent['professionalCategories'],
    means: k.means as Consent['means'],
    securityMeasuresExplained: k.security_measures_explained as boolean,
    copyGiven: k.copy_given as boolean,
    givenBy: k.given_by as Consent['givenBy'],
    representativeId: (k.representative_id as string | null) ?? null,
    notes: (k.notes as string | null) ?? null,
    endedAt: iso(k.ended_at as Date | null),
    endReason: (k.end_reason as string | null) ?? null,
    active: k.ended_at === null,
  }));
}

/**
 * Records information and the person's decision (FR-03), or their representative's (FR-12:
 * the relative must hold a recorded, current legal protection mandate). Takes effect at the
 * next request (FR-04).
 */
export async function recordConsent(ctx: Ctx, personId: string, input: z.infer<typeof consentInputSchema>): Promise<Consent> {
  const access = await resolveAccess(ctx, personId);
  assertCanWrite(access, 'administrative');
  if (input.givenBy === 'legal_representative') {
    if (!input.representativeId || !(await hasLegalMandate(ctx, personId, input.representativeId))) {
      throw new AppError('validation_failed', 'This relative has no recorded mandate to decide for the person.', {
        errors: [{ path: 'body.representativeId', message: 'no recorded mandate', code: 'no_mandate' }],
      });
    }
  }
  const id = newId();
  await ctx.tx.insert(consent).values({
    id,
    personId,
    decision: input.decision,
    informedAt: input.informedAt,
    collectedBy: ctx.actor.userId!,
    collectedAt: input.collectedAt ? new Date(input.collectedAt) : new Date(),
    method: input.method,
    infoCategories: input.infoCategories,
    professionalCategories: input.professionalCategories,
    means: input.means,
    securityMeasuresExplained: input.securityMeasuresExplained,
    copyGiven: input.copyGiven,
    givenBy: input.givenBy,
    representativeId: input.representativeId ?? null,
    notes: input.notes ?? null,
  });
  await ctx.audit({
    action: input.decision === 'consent' ? 'consent.given' : 'consent.objection',
    resourceType: 'consent',
    resourceId: id,
    personId,
    infoCategory: 'administrative',
    purpose: 'consent',
    details: { categories: input.infoCategories, professionals: input.professionalCategories, by: input.givenBy },
  });
  return (await consentRows(ctx, personId, id))[0]!;
}

/** Withdrawal of a consent, or lifting of an objection: effective at the next request, audited. */
export async function endConsent(ctx: Ctx, personId: string, id: string, reason: string): Promise<Consent> {
  const access = await resolveAccess(ctx, personId);
  assertCanWrite(access, 'administrative');
  const r = await ctx.tx.execute(
    sql`update consent set ended_at = now(), end_reason = ${reason} where id = ${id} and person_id = ${personId} and ended_at is null returning decision`,
  );
  if (!r.rowCount) throw notFound('active consent');
  await ctx.audit({
    action: 'consent.ended',
    resourceType: 'consent',
    resourceId: id,
    personId,
    infoCategory: 'administrative',
    purpose: 'consent',
  });
  return (await consentRows(ctx, personId, id))[0]!;
}

/**
 * Admission (issue 5): the referent coordinator joins the person's care team from the admission
 * date, or becomes its referent if already a member. Same checks and audit as the care-team
 * routes; the previous referent keeps their membership without the flag.
 */
export async function appointReferent(
  ctx: Ctx,
  personId: string,
  userId: string,
  startDate: string,
  serviceId: string | null,
): Promise<void> {
  const access = await resolveAccess(ctx, personId);
  assertCanWrite(access, 'administrative');
  const m = await ctx.tx.execute(sql`select 1 from membership where user_id = ${userId} and status = 'active'`);
  if (!m.rowCount) {
    throw new AppError('validation_failed', 'This person is not an active member of the organisation.', {
      errors: [{ path: 'body.referentUserId', message: 'unknown member', code: 'unknown_member' }],
    });
  }
  await assertEligibleReferent(ctx, userId, serviceId, 'body.referentUserId');
  const current = await ctx.tx.execute<{ id: string }>(
    sql`select id from care_team_member where person_id = ${personId} and user_id = ${userId}
        and (end_date is null or end_date >= current_date) and ended_at is null
        order by start_date limit 1`,
  );
  let memberId = current.rows[0]?.id;
  if (memberId) {
    await ctx.tx.execute(
      sql`update care_team_member set is_referent = true, function = 'referent', updated_at = now(), version = version + 1 where id = ${memberId}`,
    );
  } else {
    memberId = newId();
    await ctx.tx.insert(careTeamMember).values({
      id: memberId,
      personId,
      userId,
      function: 'referent',
      isReferent: true,
      startDate,
      createdBy: ctx.actor.userId,
    });
  }
  await setReferent(ctx, personId, memberId, userId);
  await ctx.audit({
    action: current.rows[0] ? 'care_team.update' : 'care_team.add',
    resourceType: 'care_team_member',
    resourceId: memberId,
    personId,
    infoCategory: 'administrative',
    details: { function: 'referent', internal: true, by: 'admission' },
  });
}
