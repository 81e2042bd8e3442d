import { getTableConfig, index, text, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { forceRlsSql, tenantTable } from './tenant-table.ts';

describe('tenantTable (the recipe of a tenant-owned table)', () => {
  const note = tenantTable('example_note', { id: uuid('id').primaryKey(), body: text('body').notNull() }, (t) => [
    index('example_note_tenant_idx').on(t.tenantId, t.id),
  ]);

  it('adds tenant_id defaulting to the transaction tenant, the tenant policy and RLS', () => {
    const c = getTableConfig(note);
    const tenant = c.columns.find((x) => x.name === 'tenant_id');
    expect({ notNull: tenant?.notNull, hasDefault: tenant?.hasDefault }).toEqual({ notNull: true, hasDefault: true });
    expect(c.policies.map((p) => [p.name, p.as ?? 'permissive', p.for])).toEqual([['example_note_tenant', 'permissive', 'all']]);
    expect(c.enableRLS).toBe(true);
    expect(c.indexes.map((i) => i.config.name)).toEqual(['example_note_tenant_idx']);
  });

  it('gives the statements that force RLS, for the migration', () => {
    expect(forceRlsSql('example_note', 'example_tag')).toBe(
      'ALTER TABLE "example_note" FORCE ROW LEVEL SECURITY;--> statement-breakpoint\nALTER TABLE "example_tag" FORCE ROW LEVEL SECURITY;--> statement-breakpoint',
    );
  });
});
