import type { BuildExtraConfigColumns } from 'drizzle-orm';
import { pgPolicy, pgTable, type PgColumnBuilderBase, type PgTableExtraConfigValue } from 'drizzle-orm/pg-core';
import { tenantId, tenantMatch } from './columns.ts';

type WithTenant<C> = C & { tenantId: ReturnType<typeof tenantId> };

/**
 * A tenant-owned table (DESIGN.md §4, SEC-AZ-05), the recipe of every module's tables: the
 * `tenant_id` column (defaulting to the transaction's `app.tenant_id`), RLS enabled and the
 * policy `<name>_tenant` (`tenant_id = app.tenant_id` for every command). Forcing RLS on the table
 * owner is a statement of the table's migration: `forceRlsSql(name)` gives it, and
 * `db/rls.test.ts` fails on a tenant table where it is missing.
 */
export function tenantTable<N extends string, C extends Record<string, PgColumnBuilderBase>>(
  name: N,
  columns: C,
  extra: (t: BuildExtraConfigColumns<N, WithTenant<C>, 'pg'>) => PgTableExtraConfigValue[] = () => [],
) {
  const all: WithTenant<C> = { ...columns, tenantId: tenantId() };
  return pgTable(name, all, (t) => [
    ...extra(t),
    pgPolicy(`${name}_tenant`, { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ]).enableRLS();
}

/** The migration statements that force RLS on tenant tables (drizzle-kit does not generate them): paste them into the table's migration. */
export const forceRlsSql = (...tables: string[]): string =>
  tables.map((t) => `ALTER TABLE "${t}" FORCE ROW LEVEL SECURITY;--> statement-breakpoint`).join('\n');
