import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit log (SEC-LOG-01/04): rows are inserted freely (monotonic id, no lock on a chain head);
 * the sealing step (`audit_seal()`, see migration) chains them in id order after commit.
 * The app role may only INSERT and SELECT; a trigger refuses any other change.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    // txid comes first on purpose: column defaults are evaluated in column order, so the
    // transaction id is assigned before the sequence hands out `id` — the sealing horizon relies on it.
    txid: text('txid')
      .notNull()
      .default(sql`pg_current_xact_id()::text`),
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 6 }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    actorProfession: text('actor_profession'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    personId: uuid('person_id'),
    infoCategory: text('info_category'),
    purpose: text('purpose').notNull().default('care'),
    outcome: text('outcome').notNull().default('success'),
    requestId: text('request_id'),
    ip: text('ip'),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
    // Written by the sealing step only.
    prevHash: text('prev_hash'),
    hash: text('hash'),
    sealedAt: timestamp('sealed_at', { withTimezone: true }),
  },
  (t) => [
    index('audit_event_tenant_time_idx').on(t.tenantId, t.occurredAt),
    index('audit_event_person_idx').on(t.tenantId, t.personId, t.occurredAt),
    index('audit_event_actor_idx').on(t.tenantId, t.actorUserId, t.occurredAt),
    index('audit_event_unsealed_idx')
      .on(t.id)
      .where(sql`hash is null`),
    pgPolicy('audit_event_read', { for: 'select', using: sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid` }),
    // Events before a tenant is known (failed login of an unknown e-mail) have no tenant.
    pgPolicy('audit_event_insert', {
      for: 'insert',
      withCheck: sql`tenant_id is null or tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`,
    }),
  ],
).enableRLS();
