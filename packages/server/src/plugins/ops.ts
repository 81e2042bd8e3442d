import type { FastifyInstance } from 'fastify';
import { metaSchema } from '@maillon/shared/api';
import { expectedMigrationCount } from '../db/migrate.ts';
import { API_VERSION } from '../version.ts';

/** Liveness, readiness and the public description of this installation (`modules`: the names of the modules registered, `app.ts`). */
export async function opsRoutes(app: FastifyInstance, opts: { modules: string[] }) {
  const expected = expectedMigrationCount();
  app.get('/healthz', { schema: { hide: true }, config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { public: true } }, async (req, reply) => {
    // A write failed for lack of disk space a moment ago: not ready, though reads may still work.
    const full = app.healthNotes.diskFullRecently();
    if (full) return reply.code(503).send({ status: 'disk_full', where: full });
    try {
      const r = await app.deps.pool.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
      const applied = Number(r.rows[0]?.n ?? 0);
      if (applied < expected) {
        return await reply.code(503).send({ status: 'migrating', applied, expected });
      }
      return { status: 'ready', migrations: applied };
    } catch (e) {
      req.log.warn({ err: e }, 'readiness check failed');
      return reply.code(503).send({ status: 'database_unreachable' });
    }
  });
  app.get(
    '/api/v1/meta',
    {
      schema: { tags: ['ops'], summary: 'Name, version and mode of this installation', response: { 200: metaSchema } },
      config: { public: true },
    },
    async () => ({ name: 'Maillon', version: API_VERSION, mode: app.deps.config.MAILLON_MODE, modules: opts.modules }),
  );
}
