import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { newId } from './lib/ids.ts';
import { API_VERSION } from './version.ts';
import { authPlugin, publicScope } from './plugins/auth.ts';
import type { AppDeps } from './plugins/deps.ts';
import { errorsPlugin, sendProblem } from './plugins/errors.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { opsRoutes } from './plugins/ops.ts';
import { admissionRoutes } from './modules/admissions/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { coordinationRoutes } from './modules/coordination/routes.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { accessRoutes } from './modules/access/routes.ts';
import { assessmentRoutes } from './modules/assessments/routes.ts';
import { documentRoutes } from './modules/documents/routes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { peopleRoutes } from './modules/people/routes.ts';
import { planRoutes } from './modules/plans/routes.ts';

/**
 * The modules of this installation, each with its routes: registered in this order, and listed by
 * `GET /api/v1/meta` from this same list, so the list cannot forget one.
 */
export const MODULES: readonly { name: string; routes: FastifyPluginAsync; prefix: string }[] = [
  { name: 'identity', routes: identityRoutes, prefix: '/api/v1' },
  { name: 'audit', routes: auditRoutes, prefix: '/api/v1/audit' },
  { name: 'people', routes: peopleRoutes, prefix: '/api/v1/people' },
  { name: 'access', routes: accessRoutes, prefix: '/api/v1' },
  { name: 'notifications', routes: notificationRoutes, prefix: '/api/v1' },
  { name: 'assessments', routes: assessmentRoutes, prefix: '/api/v1' },
  { name: 'documents', routes: documentRoutes, prefix: '/api/v1' },
  { name: 'admissions', routes: admissionRoutes, prefix: '/api/v1/admissions' },
  { name: 'plans', routes: planRoutes, prefix: '/api/v1' },
  { name: 'coordination', routes: coordinationRoutes, prefix: '/api/v1' },
];

/** First path segments that are never the web app's: a miss there is a 404 problem, not its page. */
const RESERVED_FIRST_SEGMENTS = new Set(['api', 'healthz', 'readyz', 'metrics']);

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/** Paths never to appear in logs with their values (SEC-LOG-03). */
const logRedactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.code',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: logRedactPaths, censor: '[redacted]' },
    serializers: {
      // Only method, route and status: URLs carry no personal data, bodies are never logged.
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
    },
  };
}

/** Builds the HTTP app from its dependencies: every plugin, every module's routes. */
export async function buildApp(deps: AppDeps, opts: { logger?: FastifyServerOptions['logger'] } = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const production = config.NODE_ENV === 'production';
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(config.LOG_LEVEL),
    genReqId: () => newId(),
    requestIdHeader: false,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY ? config.TRUST_PROXY.split(',').map((s) => s.trim()) : false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON is accepted by the API; anything else is 415 (SEC-VAL-01).
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    if (req.method === 'TRACE' || req.method === 'TRACK') {
      return sendProblem(req, reply, 'validation_failed', 'Method not allowed.');
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    // Answers may carry personal data: never cached (SEC-DP-03). Every answer is no-store unless
    // its handler chose a cache policy itself (the web app's files and its page) — decided by the
    // handler that ran, never by the text of the URL (which `/%61pi/…` would get past).
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });

  await app.register(errorsPlugin);
  await app.register(underPressure, {
    maxEventLoopDelay: 2000,
    retryAfter: 5,
    pressureHandler: (req, reply) => {
      void sendProblem(req, reply, 'service_unavailable', 'The server is overloaded; retry shortly.', { headers: { 'retry-after': '5' } });
    },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine injects its CSS variables in a style element.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);

  await app.register(authPlugin);
  // Flood guard (SEC-VAL-04), once the session is read (auth's preValidation hook) so that it counts
  // per signed-in user — a whole organisation behind one NAT address is not one client — and per IP
  // for anonymous requests; before any refusal, so refused requests count too.
  await app.register(rateLimit, {
    global: true,
    hook: 'preValidation',
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    keyGenerator: (req) => (req.auth ? `user:${req.auth.userId}` : `ip:${req.ip}`),
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, message: `retry in ${ctx.after}` }),
  });
  if (config.API_DOCS) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Maillon API', version: API_VERSION, description: 'The API of Maillon, generated from the shared zod schemas.' },
        components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'maillon_session' } } },
      },
      transform: jsonSchemaTransform,
    });
    // After the auth plugin, so that these routes too are checked for a declared access.
    await app.register(publicScope(swaggerUi, { routePrefix: '/api/docs', staticCSP: true }));
    app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  }
  await app.register(metricsPlugin, { enabled: config.METRICS, token: config.METRICS_TOKEN });
  await app.register(opsRoutes, { modules: MODULES.map((m) => m.name) });
  for (const m of MODULES) await app.register(m.routes, { prefix: m.prefix });

  const dist = config.webDistDir;
  const hasWeb = existsSync(path.join(dist, 'index.html'));
  if (hasWeb) {
    await app.register(publicScope(fastifyStatic, { root: dist, wildcard: false, index: false, maxAge: '1h', immutable: false }));
  }
  app.setNotFoundHandler(async (req, reply) => {
    const urlPath = req.url.split('?')[0]!;
    // The web app's page is served for its own addresses only: plain paths (letters, digits, '-',
    // '_', single '/'), never an encoded, dotted or doubled path that could be read as an API one
    // (/%61pi/…, //api/…, /API/…), nor dot-files (/.git, /.env) or missing files.
    const first = urlPath.split('/')[1]?.toLowerCase() ?? '';
    const appPath = /^(\/[A-Za-z0-9_-]+)*\/?$/.test(urlPath) && !RESERVED_FIRST_SEGMENTS.has(first);
    if (appPath && req.method === 'GET' && hasWeb) {
      // SPA fallback: the web router handles the path and shows its own not-found page.
      const page = await readFile(path.join(dist, 'index.html'));
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
    }
    return sendProblem(req, reply, 'route_not_found', `No route ${req.method} ${urlPath}.`);
  });

  return app;
}
