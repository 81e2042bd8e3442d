import { index, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId, tenantMatch } from '../../db/columns.ts';
import { appUser } from '../identity/tables.ts';

/** In-app notifications (e.g. the DPO is alerted of each break-glass). No health content in them. */
export const notification = pgTable(
  'notification',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notification_user_idx').on(t.tenantId, t.userId, t.createdAt),
    pgPolicy('notification_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();
