import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId, tenantMatch } from './columns.ts';

/** Stored responses of creating requests, keyed per tenant and user (REL-04). */
export const idempotencyKey = pgTable(
  'idempotency_key',
  {
    tenantId: tenantId(),
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status').notNull(),
    responseBody: jsonb('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'idempotency_key_pk', columns: [t.tenantId, t.userId, t.key] }),
    index('idempotency_key_expires_idx').on(t.expiresAt),
    pgPolicy('idempotency_key_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Messages to send after commit (e-mail, webhooks), written in the same transaction as the effect (SEC-LOG-06). */
export const outboxMessage = pgTable(
  'outbox_message',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id'),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_message_pending_idx')
      .on(t.availableAt)
      .where(sql`status = 'pending'`),
    // Platform messages (password reset before login) have no tenant; the dispatcher runs without one.
    pgPolicy('outbox_message_tenant', {
      for: 'all',
      using: sql`tenant_id is null or ${tenantMatch} or current_setting('app.system', true) = 'on'`,
      withCheck: sql`tenant_id is null or ${tenantMatch} or current_setting('app.system', true) = 'on'`,
    }),
  ],
).enableRLS();
