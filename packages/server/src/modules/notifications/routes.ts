import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import { idParamsSchema } from '@maillon/shared/identity';
import { notFound } from '../../lib/errors.ts';
import { withCtx } from '../../plugins/context.ts';
import { listMine, markRead } from './service.ts';

const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});

export async function notificationRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My in-app notifications',
        response: { 200: z.object({ unread: z.number(), items: z.array(notificationSchema) }) },
      },
      config: { authenticated: true },
    },
    async (req) => withCtx(req, (ctx) => listMine(ctx)),
  );
  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark a notification as read',
        params: idParamsSchema,
        response: { 200: z.object({ ok: z.literal(true) }), 404: problemSchema },
      },
      config: { authenticated: true },
    },
    async (req) => {
      const ok = await withCtx(req, (ctx) => markRead(ctx, req.params.id));
      if (!ok) throw notFound('notification');
      return { ok: true } as const;
    },
  );
}
