import { sql } from 'drizzle-orm';
import { referrerStatusOf, type ReferralStatus, type SentReferral } from '@maillon/shared/admissions';
import { notFound } from '../../lib/errors.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { referralPersonName } from './referral.view.ts';

// The referrer's view (a partner account of another organisation, `referral.submit`): the one
// explicit, narrow path by which someone outside the organisation learns anything of a referral.
// It stays inside the organisation's tenant (RLS unchanged: the partner is a member with the
// `external_partner` role), shows only the referrals that user sent, and only where each stands
// and the decision as meant for them — never the file (reason, medical information, visit
// report, the committee's reasoning). Every read is audited.

type Row = {
  id: string;
  reference: string;
  received_at: string;
  birth_name: string;
  used_name: string | null;
  first_names: string;
  status: string;
  admitted_on: string | null;
  services: string[];
  outcome: string | null;
  decided_at: string | null;
  referrer_message: string | null;
  redirected_to: string | null;
};

const select = (ctx: Ctx) => sql`
  select r.id, r.reference, r.received_at, r.birth_name, r.used_name, r.first_names, r.status, r.admitted_on::text as admitted_on,
    array(select s.name from service s where s.id = any(r.requested_service_ids) order by s.name) as services,
    d.outcome, d.decided_at, d.referrer_message, d.redirected_to
  from referral r
  left join lateral (select outcome, decided_at, referrer_message, redirected_to from admission_decision
    where referral_id = r.id order by decided_at desc limit 1) d on true
  where r.submitted_by = ${ctx.actor.userId}`;

const toSent = (r: Row): SentReferral => {
  const status = r.status as ReferralStatus;
  return {
    id: r.id,
    reference: r.reference,
    receivedAt: isoRequired(r.received_at),
    personName: referralPersonName({ birthName: r.birth_name, usedName: r.used_name, firstNames: r.first_names }),
    requestedServices: r.services,
    status: referrerStatusOf(status),
    // A decision the referrer may know of once it is made (also after admission).
    decision:
      r.outcome && r.decided_at && status !== 'withdrawn'
        ? {
            outcome: r.outcome as NonNullable<SentReferral['decision']>['outcome'],
            decidedAt: isoRequired(r.decided_at),
            message: r.referrer_message,
            redirectedTo: r.redirected_to,
          }
        : null,
    admittedOn: r.admitted_on,
  };
};

export async function listSent(ctx: Ctx): Promise<{ items: SentReferral[] }> {
  const r = await ctx.tx.execute<Row>(sql`${select(ctx)} order by r.received_at desc, r.id desc limit 200`);
  await ctx.audit({
    action: 'referral.status_read',
    resourceType: 'referral',
    infoCategory: 'administrative',
    details: { results: r.rows.length },
  });
  return { items: r.rows.map(toSent) };
}

export async function getSent(ctx: Ctx, id: string): Promise<SentReferral> {
  const r = (await ctx.tx.execute<Row>(sql`${select(ctx)} and r.id = ${id}`)).rows[0];
  if (!r) throw notFound('referral');
  await ctx.audit({ action: 'referral.status_read', resourceType: 'referral', resourceId: id, infoCategory: 'administrative' });
  return toSent(r);
}

/** The services a referrer may address a request to: names only (organisation information, no one's data). */
export async function servicesForReferrers(ctx: Ctx): Promise<{ items: { id: string; name: string; kind: string }[] }> {
  const r = await ctx.tx.execute<{ id: string; name: string; kind: string }>(
    sql`select id, name, kind from service where archived_at is null order by lower(name), id`,
  );
  return { items: r.rows };
}
