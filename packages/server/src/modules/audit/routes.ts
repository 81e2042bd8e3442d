import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import { auditEventSchema, auditQuerySchema } from '@maillon/shared/identity';
import { withCtx } from '../../plugins/context.ts';
import { requireRecentAuth } from '../../plugins/step-up.ts';
import { listAuditEvents, toCsv } from './query.service.ts';

export async function auditRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['audit'];

  app.get(
    '/events',
    {
      schema: {
        tags: t,
        summary: 'Audit log of my organisation, newest first',
        querystring: auditQuerySchema,
        response: {
          200: z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() }),
          400: problemSchema,
          403: problemSchema,
        },
      },
      config: { permission: 'audit.read' },
    },
    async (req) => withCtx(req, (ctx) => listAuditEvents(ctx, req.query)),
  );

  app.get(
    '/events/export',
    {
      schema: {
        tags: t,
        summary: 'CSV export of the filtered audit log (step-up required; max 50 000 rows)',
        querystring: auditQuerySchema.omit({ cursor: true, limit: true }),
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV, semicolon-separated, UTF-8 with BOM'), 403: problemSchema },
      },
      config: { permission: 'audit.export' },
    },
    async (req, reply) => {
      requireRecentAuth(req);
      const csv = await withCtx(req, async (ctx) => {
        const all = [];
        let cursor: string | undefined;
        do {
          const page = await listAuditEvents(ctx, { ...req.query, limit: 200, cursor });
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && all.length < 50_000);
        await ctx.audit({ action: 'audit.export', resourceType: 'audit_log', purpose: 'export', details: { rows: all.length } });
        return toCsv(all);
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="journal-audit-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send('\uFEFF' + csv);
    },
  );
}
