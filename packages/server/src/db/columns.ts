import { sql } from 'drizzle-orm';
import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Columns every tenant-owned table carries. Ids are UUIDv7 made by the application. */
export const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .default(sql`nullif(current_setting('app.tenant_id', true), '')::uuid`);
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const version = () => integer('version').notNull().default(1);

/** The RLS predicate used by every tenant-owned table (SEC-AZ-05). */
export const tenantMatch = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;
