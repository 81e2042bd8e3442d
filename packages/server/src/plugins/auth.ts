import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { rolePermissions, type Permission, type Role } from '@maillon/shared/identity';
import { sha256 } from '../lib/crypto.ts';
import { AppError } from '../lib/errors.ts';
import { withCtx, type AuthState } from './context.ts';
import { requireRecentAuth } from './step-up.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission this route needs (SEC-AZ-02). Every API route has one, or `public: true`. */
    permission?: Permission;
    /** Any authenticated user may call it (their own profile, sessions, logout). */
    authenticated?: boolean;
    /** On the explicit public allow-list (SEC-AUTHN-07): login, health, docs. */
    public?: boolean;
    /** Reachable while the second factor is still pending (MFA challenge, enrolment, logout). */
    allowMfaPending?: boolean;
    /** A change of rights: needs an authentication of less than STEP_UP_SECONDS (SEC-SESS-06), checked after the permission. */
    stepUp?: boolean;
  }
  interface FastifyRequest {
    auth: AuthState | null;
    /** Why the session cookie was refused (ended session), thrown once the route's needs are known. */
    authError: AppError | null;
  }
}

export function cookieName(production: boolean): string {
  // The __Host- prefix pins the cookie to this host, Secure, Path=/ (SEC-SESS-07).
  return production ? '__Host-maillon_session' : 'maillon_session';
}

/** Every route with its declared access, for the test that enumerates them (SEC-AUTHN-07). */
export const registeredRoutes: { method: string; url: string; config: Record<string, unknown> }[] = [];

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Marks the scope of a third-party plugin whose routes are all public (API docs, static files). */
const PUBLIC_SCOPE = Symbol('maillon.publicScope');

/**
 * Registers a third-party plugin (API reference, web app files) whose routes cannot carry our
 * route config: each of its routes that declares no access is declared `public: true`.
 */
export function publicScope<O extends object>(plugin: FastifyPluginAsync<O> | FastifyPluginCallback<O>, opts: O): FastifyPluginAsync {
  return async (scope) => {
    scope.decorate(PUBLIC_SCOPE, true);
    await scope.register(plugin as FastifyPluginAsync<O>, opts);
  };
}

type AccessConfig = { permission?: string; public?: boolean; authenticated?: boolean };

function declaredAccess(c: AccessConfig | undefined): number {
  return [c?.permission, c?.public, c?.authenticated].filter(Boolean).length;
}

/** Routes whose session cookie is read: every route that is not public, and the public API ones (login, logout). */
function readsSession(req: FastifyRequest): boolean {
  if (req.is404) return false;
  return !req.routeOptions.config.public || (req.routeOptions.url ?? '').startsWith('/api/');
}

/**
 * Resolves the session of each request from the database; nothing is cached across requests (SEC-AZ-06).
 * Every decision is taken from the route the router matched (its declared config), never from the
 * text of the URL: `/%61pi/v1/…` reaches the same route as `/api/v1/…`, and so the same checks.
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  const { config } = app.deps;
  const production = config.NODE_ENV === 'production';
  const name = cookieName(production);
  app.decorateRequest('auth', null);
  app.decorateRequest('authError', null);

  // Every route, API or not, declares its access; one that does not is refused at registration.
  app.addHook('onRoute', function (route) {
    const scope = this as unknown as Record<symbol, unknown>;
    if (scope[PUBLIC_SCOPE] === true && declaredAccess(route.config) === 0) {
      route.config = { ...(route.config as object), public: true };
    }
    const url = route.url;
    registeredRoutes.push({ method: String(route.method), url, config: { ...(route.config as object) } });
    if (declaredAccess(route.config) !== 1) {
      throw new Error(`route ${String(route.method)} ${url} must declare exactly one of permission, authenticated or public`);
    }
  });

  // Cross-site mutations are refused on every request, matched or not: no route of this server
  // takes a cross-site form post, so none needs the check keyed to its URL.
  app.addHook('onRequest', async (req) => {
    if (MUTATING.has(req.method)) checkCsrf(req, config.PUBLIC_URL);
    // Defence in depth: a route that slipped past the registration check is refused, not opened.
    if (!req.is404 && declaredAccess(req.routeOptions.config) !== 1) {
      throw new AppError('forbidden', 'This route declares no access rule.');
    }
  });

  // The session is read before validation, so that the flood guard (app.ts, also a preValidation
  // hook, run after this one) counts every request of a signed-in user, refused ones included, and
  // anonymous ones per address. The refusals themselves come in preHandler, after validation.
  app.addHook('preValidation', async (req) => {
    if (!readsSession(req)) return;
    const token = req.cookies[name];
    if (!token) return;
    try {
      req.auth = await loadSession(app, token);
    } catch (e) {
      // A stale cookie must not stop someone from signing in again (public routes).
      if (!req.routeOptions.config.public) req.authError = e as AppError;
    }
  });

  app.addHook('preHandler', async (req) => {
    // The not-found handler answers 404 (or the web app's page) and runs no route.
    if (req.is404) return;
    const rc = req.routeOptions.config;
    if (rc.public) return;
    if (req.authError) throw req.authError;
    if (!req.auth) throw new AppError('unauthenticated', 'Please sign in.');
    if ((req.auth.mfaPending || req.auth.mfaEnrolmentRequired) && !rc.allowMfaPending) {
      throw new AppError(
        'mfa_required',
        req.auth.mfaPending ? 'Enter your authentication code.' : 'Set up two-factor authentication first.',
      );
    }
    const perm = rc.permission;
    if (perm && (!req.auth.tenantId || !req.auth.permissions.has(perm))) {
      // Refused authorisations are traced (SEC-LOG-02).
      await withCtx(req, (ctx) =>
        ctx.audit({
          action: 'authz.denied',
          resourceType: 'route',
          resourceId: `${req.method} ${req.routeOptions.url ?? ''}`,
          outcome: 'denied',
          purpose: 'auth',
          details: { permission: perm },
        }),
      );
      throw new AppError('forbidden', 'Your role does not allow this action.');
    }
  });

  // Step-up for the routes that declare `stepUp: true` (SEC-SESS-06): a hook of its own, run after
  // the one above, so only once the caller is known to hold the route's permission.
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.config.stepUp && !req.is404) requireRecentAuth(req);
  });
});

/** SEC-SESS-08: a non-simple header is required on mutations, and cross-site origins are refused. */
function checkCsrf(req: FastifyRequest, publicUrl?: string) {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new AppError('csrf_rejected', 'Cross-site requests are not accepted.');
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const allowed = new Set<string>();
    if (publicUrl) allowed.add(new URL(publicUrl).origin);
    const host = req.headers.host;
    if (host) {
      allowed.add(`http://${host}`);
      allowed.add(`https://${host}`);
    }
    if (!allowed.has(origin)) throw new AppError('csrf_rejected', 'Cross-site requests are not accepted.');
  }
  if (req.headers['x-requested-with'] !== 'maillon') {
    throw new AppError('csrf_rejected', 'Missing the X-Requested-With: maillon header.');
  }
}

type SessionRow = {
  id: string;
  user_id: string;
  tenant_id: string | null;
  mfa_pending: boolean;
  mfa_enrolment_required: boolean;
  authenticated_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  email: string;
  display_name: string;
  user_status: string;
  membership_id: string | null;
  role: Role | null;
  profession: string | null;
  service_id: string | null;
  membership_status: string | null;
};

async function loadSession(app: FastifyInstance, token: string): Promise<AuthState | null> {
  const { db, pool, config } = app.deps;
  // One round trip (migration 0011): the session, its user and the membership of its organisation,
  // as a named prepared statement (parsed once per connection: this runs on every request).
  const r = await pool.query<SessionRow>({ name: 'session_by_token', text: 'select * from session_by_token($1)', values: [sha256(token)] });
  const row = r.rows[0];
  if (!row) return null;
  const now = Date.now();
  const expired =
    new Date(row.expires_at).getTime() <= now || new Date(row.last_seen_at).getTime() + config.SESSION_IDLE_MINUTES * 60_000 <= now;
  const dead = row.user_status !== 'active' || (row.tenant_id !== null && row.membership_status !== 'active');
  if (expired || dead) {
    await db.execute(
      sql`update session set revoked_at = now(), revoked_reason = ${expired ? 'expired' : 'deactivated'} where id = ${row.id} and revoked_at is null`,
    );
    throw new AppError('session_expired', 'Your session has ended. Please sign in again.');
  }
  // Touch at most every 30 s: keeps the idle timer right without a write per request.
  if (now - new Date(row.last_seen_at).getTime() > 30_000)
    await db.execute(sql`update session set last_seen_at = now() where id = ${row.id}`);
  const role = row.role;
  return {
    sessionId: row.id,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    tenantId: row.membership_id ? row.tenant_id : null,
    membershipId: row.membership_id,
    role,
    profession: row.profession,
    serviceId: row.service_id,
    permissions: new Set(role ? rolePermissions[role] : []),
    mfaPending: row.mfa_pending,
    mfaEnrolmentRequired: row.mfa_enrolment_required,
    authenticatedAt: new Date(row.authenticated_at),
    expiresAt: new Date(row.expires_at),
  };
}
