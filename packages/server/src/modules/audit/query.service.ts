import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { auditActionLabels, auditLabel } from '@maillon/shared/audit';
import type { AuditEvent, auditQuerySchema } from '@maillon/shared/identity';
import { displayName } from '@maillon/shared/people';
import { Refusal } from '../../lib/errors.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';

type Query = z.infer<typeof auditQuerySchema>;

/**
 * An action of the catalogue (the audit page's select) matches exactly: `person.merge` is not
 * `person.merged_into`. Anything else is a prefix (`auth.`), its `_` and `%` taken literally.
 */
const actionFilter = (action: string) =>
  Object.hasOwn(auditActionLabels, action)
    ? sql`and e.action = ${action}`
    : sql`and e.action like ${action.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`;

type Row = {
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_profession: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  person_id: string | null;
  birth_name: string | null;
  used_name: string | null;
  first_names: string | null;
  info_category: string | null;
  purpose: string;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  sealed: boolean;
};

/**
 * The organisation's audit log, newest first, filtered; RLS keeps it to this tenant.
 *
 * People appear only to those who may read any person's access report (the DPO): for anyone else
 * (the administrator, who has no access to records by design) a row about a person shows neither
 * the person's id nor the id of the resource (an id that access reports or other routes could
 * resolve to a name), and filtering on a person is refused.
 */
export async function listAuditEvents(ctx: Ctx, q: Query): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const seesPeople = ctx.actor.permissions.has('accessreport.read');
  if (q.personId && !seesPeople) {
    throw new Refusal('forbidden', 'Only the data protection officer follows a person in the audit log.', {
      action: 'audit.read',
      resourceType: 'audit_log',
      details: { filter: 'personId' },
    });
  }
  const before = q.cursor ? Number(q.cursor) : null;
  const r = await ctx.tx.execute<Row>(sql`
    select e.id::text, e.occurred_at, e.actor_user_id, u.display_name as actor_name, e.actor_role, e.actor_profession,
           e.action, e.resource_type, e.resource_id, e.person_id, e.info_category, e.purpose, e.outcome,
           e.request_id, e.ip, e.hash is not null as sealed,
           ${seesPeople ? sql`p.birth_name, p.used_name, p.first_names` : sql`null as birth_name, null as used_name, null as first_names`}
    from audit_event e left join app_user u on u.id = e.actor_user_id
      ${seesPeople ? sql`left join person p on p.id = e.person_id` : sql``}
    where e.tenant_id = ${ctx.actor.tenantId}
      ${q.userId ? sql`and e.actor_user_id = ${q.userId}` : sql``}
      ${q.personId ? sql`and e.person_id = ${q.personId}` : sql``}
      ${q.action ? actionFilter(q.action) : sql``}
      ${q.outcome ? sql`and e.outcome = ${q.outcome}` : sql``}
      ${q.from ? sql`and e.occurred_at >= ${q.from}` : sql``}
      ${q.to ? sql`and e.occurred_at < ${q.to}` : sql``}
      ${before ? sql`and e.id < ${before}` : sql``}
    order by e.id desc limit ${q.limit + 1}`);
  const items = r.rows.slice(0, q.limit).map((x) => {
    const aboutPerson = x.person_id !== null || x.resource_type === 'person';
    const hide = aboutPerson && !seesPeople;
    return {
      id: Number(x.id),
      occurredAt: isoRequired(x.occurred_at),
      actorUserId: x.actor_user_id,
      actorName: x.actor_name,
      actorRole: x.actor_role,
      actorProfession: x.actor_profession,
      action: x.action,
      resourceType: x.resource_type,
      resourceId: hide ? null : x.resource_id,
      personId: hide ? null : x.person_id,
      personName:
        !hide && x.birth_name && x.first_names
          ? displayName({ birthName: x.birth_name, usedName: x.used_name, firstNames: x.first_names })
          : null,
      infoCategory: x.info_category,
      purpose: x.purpose,
      outcome: x.outcome,
      requestId: x.request_id,
      ip: x.ip,
      sealed: x.sealed,
    };
  });
  const last = items[items.length - 1];
  return { items, nextCursor: r.rows.length > q.limit && last ? String(last.id) : null };
}

const csvCell = (v: string | number | boolean | null) => {
  const s = v === null ? '' : String(v);
  // Neutralise spreadsheet formulas (CSV injection) and quote.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
};

const parisTime = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'medium',
  timeZone: 'Europe/Paris',
});

/**
 * The CSV of the audit log, for a person to read (issue 19 item 15): French headers, the date and
 * time in Europe/Paris, every code in words (catalogue of @maillon/shared/audit), and the person's
 * name beside their id when the reader may see it (the DPO). Ids stay whole: they are what an
 * investigation looks up.
 */
export function toCsv(items: AuditEvent[]): string {
  const cols: [string, (i: AuditEvent) => string | number | boolean | null][] = [
    ['N°', (i) => i.id],
    ['Date et heure (Paris)', (i) => parisTime.format(new Date(i.occurredAt))],
    ['Utilisateur', (i) => i.actorName],
    ['Identifiant de l’utilisateur', (i) => i.actorUserId],
    ['Rôle', (i) => auditLabel.role(i.actorRole)],
    ['Action', (i) => auditLabel.action(i.action)],
    ['Objet', (i) => auditLabel.resource(i.resourceType)],
    ['Identifiant de l’objet', (i) => i.resourceId],
    ['Personne', (i) => i.personName],
    ['Identifiant de la personne', (i) => i.personId],
    ['Catégorie d’information', (i) => auditLabel.category(i.infoCategory)],
    ['Finalité', (i) => auditLabel.purpose(i.purpose)],
    ['Résultat', (i) => auditLabel.outcome(i.outcome)],
    ['Identifiant de la requête', (i) => i.requestId],
    ['Adresse IP', (i) => i.ip],
    ['Scellé', (i) => (i.sealed ? 'oui' : 'non')],
  ];
  return [cols.map(([h]) => csvCell(h)).join(';'), ...items.map((i) => cols.map(([, v]) => csvCell(v(i))).join(';'))].join('\r\n') + '\r\n';
}
