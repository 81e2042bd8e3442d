import { sql } from 'drizzle-orm';
import {
  defaultChecklist,
  referralReference,
  type AdmissionSettings,
  type AdmissionSettingsInput,
  type ChecklistTemplateItem,
  type CommitteeMember,
  type DecisionMode,
} from '@maillon/shared/admissions';
import type { ServiceKind } from '@maillon/shared/identity';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Ctx } from '../../plugins/context.ts';

// The organisation's admission settings: who sits on the committee, which services let the
// coordinator decide alone (SSIAD-like), each service's pre-admission checklist, and whether
// referrers are e-mailed the decision. Until the organisation saves its own, defaults apply.

export interface Stored {
  notifyReferrerByEmail?: boolean;
  committeeMembers?: CommitteeMember[];
  services?: Record<string, { decisionMode: DecisionMode; checklist: ChecklistTemplateItem[] }>;
}

type ServiceRow = { id: string; name: string; kind: string; capacity: number | null };

interface ServiceSetting extends ServiceRow {
  decisionMode: DecisionMode;
  checklist: ChecklistTemplateItem[];
  isDefault: boolean;
}

/** The organisation's stored admission settings (null: never saved, the defaults apply). */
export async function stored(ctx: Ctx): Promise<{ settings: Stored; version: number } | null> {
  const r = await ctx.tx.execute<{ settings: Stored; version: number }>(sql`select settings, version from admission_setting limit 1`);
  return r.rows[0] ?? null;
}

/** A service's admission settings from its row and the organisation's stored settings (defaults when none). */
export function serviceSetting(s: ServiceRow, st: Stored): ServiceSetting {
  const own = st.services?.[s.id];
  return {
    ...s,
    decisionMode: own?.decisionMode ?? 'committee',
    checklist: own?.checklist ?? defaultChecklist(s.kind as ServiceKind),
    isDefault: !own,
  };
}

/** One service with its admission settings; a validation error on `path` when it does not exist. */
export async function serviceSettingOf(ctx: Ctx, serviceId: string, path = 'body.serviceId'): Promise<ServiceSetting> {
  const r = await ctx.tx.execute<ServiceRow>(
    sql`select id, name, kind, capacity from service where id = ${serviceId} and archived_at is null`,
  );
  const s = r.rows[0];
  if (!s)
    throw new AppError('validation_failed', 'This service does not exist.', {
      errors: [{ path, message: 'Unknown service', code: 'unknown_service' }],
    });
  return serviceSetting(s, (await stored(ctx))?.settings ?? {});
}

/** The default committee: one member per function found among the organisation's active members. */
async function defaultMembers(ctx: Ctx): Promise<CommitteeMember[]> {
  const r = await ctx.tx.execute<{ user_id: string; display_name: string; role: string; profession: string | null }>(sql`
    select m.user_id, u.display_name, m.role, m.profession from membership m join app_user u on u.id = m.user_id
    where m.tenant_id = ${ctx.actor.tenantId} and m.status = 'active' and (m.role in ('director', 'coordinator', 'social_worker') or m.profession in ('doctor', 'psychologist'))
    order by m.created_at, m.id`);
  const fn = (row: { role: string; profession: string | null }): CommitteeMember['function'] | null =>
    row.role === 'director'
      ? 'director'
      : row.role === 'coordinator'
        ? 'coordinator'
        : row.profession === 'doctor'
          ? 'doctor'
          : row.profession === 'psychologist'
            ? 'psychologist'
            : row.role === 'social_worker'
              ? 'social_referent'
              : null;
  const seen = new Set<string>();
  const out: CommitteeMember[] = [];
  for (const row of r.rows) {
    const f = fn(row);
    if (!f || seen.has(f)) continue;
    seen.add(f);
    out.push({ function: f, userId: row.user_id, name: row.display_name, present: true });
  }
  return out;
}

export async function committeeMembersOf(ctx: Ctx): Promise<CommitteeMember[]> {
  const st = (await stored(ctx))?.settings;
  return st?.committeeMembers ?? defaultMembers(ctx);
}

export async function getSettings(ctx: Ctx): Promise<AdmissionSettings> {
  const row = await stored(ctx);
  const st = row?.settings ?? {};
  const services = (
    await ctx.tx.execute<ServiceRow>(sql`select id, name, kind, capacity from service where archived_at is null order by lower(name), id`)
  ).rows;
  return {
    notifyReferrerByEmail: st.notifyReferrerByEmail ?? false,
    committeeMembers: (st.committeeMembers ?? (await defaultMembers(ctx))).map((m) => ({
      ...m,
      userId: m.userId ?? null,
      present: m.present ?? true,
    })),
    services: services.map((s) => {
      const x = serviceSetting(s, st);
      return {
        serviceId: x.id,
        name: x.name,
        kind: x.kind,
        capacity: x.capacity,
        decisionMode: x.decisionMode,
        checklist: x.checklist,
        isDefault: x.isDefault,
      };
    }),
    version: row?.version ?? 0,
  };
}

/** Saves the settings against the version read (REL-05): `0` while the defaults applied. Audited as administration. */
export async function saveSettings(ctx: Ctx, expected: number, input: AdmissionSettingsInput): Promise<AdmissionSettings> {
  const services = new Set(
    (await ctx.tx.execute<{ id: string }>(sql`select id from service where archived_at is null`)).rows.map((r) => r.id),
  );
  const errors = Object.keys(input.services)
    .filter((id) => !services.has(id))
    .map((id) => ({ path: `body.services.${id}`, message: 'Unknown service', code: 'unknown_service' }));
  const userIds = input.committeeMembers.map((m) => m.userId).filter((x): x is string => !!x);
  if (userIds.length) {
    const known = new Set(
      (
        await ctx.tx.execute<{ user_id: string }>(
          sql`select user_id from membership where status = 'active' and user_id in (${sql.join(
            userIds.map((u) => sql`${u}`),
            sql`, `,
          )})`,
        )
      ).rows.map((r) => r.user_id),
    );
    input.committeeMembers.forEach((m, i) => {
      if (m.userId && !known.has(m.userId))
        errors.push({ path: `body.committeeMembers.${i}.userId`, message: 'Unknown member', code: 'unknown_member' });
    });
  }
  for (const [id, s] of Object.entries(input.services)) {
    const keys = s.checklist.map((c) => c.key);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) errors.push({ path: `body.services.${id}.checklist.${i}.key`, message: 'Used twice', code: 'duplicate' });
    });
    s.checklist.forEach((c, i) => {
      if ((c.kind === 'document') !== (c.documentType !== null)) {
        errors.push({
          path: `body.services.${id}.checklist.${i}.documentType`,
          message: 'A document item names its type; an information item none',
          code: 'invalid',
        });
      }
    });
  }
  if (errors.length) throw new AppError('validation_failed', 'Some settings are not valid.', { errors });
  const value = JSON.stringify(input);
  // The counter of references may have made the row already (version 0): it is still "the defaults".
  const r =
    expected === 0
      ? await ctx.tx
          .execute(sql`insert into admission_setting (id, settings, updated_by, version) values (${newId()}, ${value}::jsonb, ${ctx.actor.userId}, 1)
          on conflict (tenant_id) do update set settings = excluded.settings, updated_by = excluded.updated_by, updated_at = now(), version = 1
          where admission_setting.version = 0 returning id`)
      : await ctx.tx
          .execute(sql`update admission_setting set settings = ${value}::jsonb, updated_by = ${ctx.actor.userId}, updated_at = now(),
          version = version + 1 where version = ${expected} returning id`);
  if (!r.rowCount) {
    throw new AppError('precondition_failed', 'The admission settings were changed in the meantime; here they are.', {
      current: await getSettings(ctx),
    });
  }
  await ctx.audit({
    action: 'admission_settings.update',
    resourceType: 'admission_setting',
    purpose: 'admin',
    details: { services: Object.keys(input.services).length, members: input.committeeMembers.length, email: input.notifyReferrerByEmail },
  });
  return getSettings(ctx);
}

/**
 * The next reference of the organisation (`2026-0042`). The counter row is locked for the rest of
 * the transaction, so two intakes never get the same number; it never touches `version`.
 */
export async function nextReference(ctx: Ctx): Promise<string> {
  const r = await ctx.tx.execute<{ n: number }>(sql`
    insert into admission_setting (id, settings, next_number, version) values (${newId()}, '{}'::jsonb, 2, 0)
    on conflict (tenant_id) do update set next_number = admission_setting.next_number + 1
    returning next_number - 1 as n`);
  return referralReference(new Date().getFullYear(), Number(r.rows[0]!.n));
}

/** Whether referrers are e-mailed the decision. */
export async function notifiesByEmail(ctx: Ctx): Promise<boolean> {
  return (await stored(ctx))?.settings.notifyReferrerByEmail ?? false;
}
