import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission, Role } from '@maillon/shared/identity';
import { inTransaction, type Tx } from '../db/tx.ts';
import { sha256 } from '../lib/crypto.ts';
import { AppError, Refusal, type RefusalTrace } from '../lib/errors.ts';
import { writeAudit, type AuditActor, type AuditInput } from '../modules/audit/service.ts';
import type { AppDeps } from './deps.ts';

/** The authenticated caller, as resolved by the auth plugin for this request only (SEC-AZ-06). */
export interface AuthState {
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  tenantId: string | null;
  membershipId: string | null;
  role: Role | null;
  profession: string | null;
  serviceId: string | null;
  permissions: ReadonlySet<Permission>;
  mfaPending: boolean;
  mfaEnrolmentRequired: boolean;
  authenticatedAt: Date;
  expiresAt: Date;
}

/** What a service function receives: the transaction, who acts, and the audit writer. */
export interface Ctx {
  tx: Tx;
  actor: AuditActor & { email: string | null; serviceId: string | null; permissions: ReadonlySet<Permission> };
  deps: AppDeps;
  audit(e: AuditInput): Promise<void>;
  /**
   * Refusals decided during this unit of work (the access module records its need-to-know
   * refusals here). Written as `denied` audit rows if the work ends in a 403 or 404; forgotten if
   * the service caught the refusal and went on (a probe such as "has the caller access already?").
   */
  refusals: RefusalTrace[];
}

export function clientIp(req: FastifyRequest): string {
  return req.ip;
}

function actorOf(req: FastifyRequest): Ctx['actor'] {
  const a = req.auth;
  return {
    tenantId: a?.tenantId ?? null,
    userId: a?.userId ?? null,
    role: a?.role ?? null,
    profession: a?.profession ?? null,
    requestId: String(req.id),
    ip: clientIp(req),
    email: a?.email ?? null,
    serviceId: a?.serviceId ?? null,
    permissions: a?.permissions ?? new Set(),
  };
}

/**
 * One command = one transaction holding the business rows and the audit row (REL-03). A refusal
 * (a `Refusal` thrown, or refusals recorded in `ctx.refusals` when the work ends in 403/404) is
 * audited after the rollback, in its own transaction (SEC-LOG-02).
 */
export async function withCtx<T>(req: FastifyRequest, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const deps = req.server.deps;
  const actor = actorOf(req);
  const refusals: RefusalTrace[] = [];
  try {
    return await inTransaction(deps.db, { tenantId: actor.tenantId, userId: actor.userId }, (tx) =>
      fn({ tx, actor, deps, refusals, audit: (e) => writeAudit(tx, actor, e) }),
    );
  } catch (e) {
    await auditRefusals(req, actor, e, refusals);
    throw e;
  }
}

/** Writes the refusals behind a 403/404 as `denied` audit rows, once each; a failure here never hides the refusal itself. */
async function auditRefusals(req: FastifyRequest, actor: Ctx['actor'], e: unknown, recorded: RefusalTrace[]): Promise<void> {
  if (!(e instanceof AppError) || (e.status !== 403 && e.status !== 404)) return;
  const all = e instanceof Refusal ? [e.trace, ...recorded] : recorded;
  const seen = new Set<string>();
  const traces = all.filter((t) => {
    const key = `${t.action} ${t.resourceType} ${t.resourceId ?? ''} ${t.personId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!traces.length) return;
  const route = `${req.method} ${req.routeOptions.url ?? ''}`;
  try {
    await inTransaction(req.server.deps.db, { tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
      for (const t of traces) {
        await writeAudit(tx, actor, { ...t, outcome: 'denied', details: { ...t.details, route } });
      }
    });
  } catch (err) {
    req.log.error({ err }, 'could not audit a refusal');
  }
}

interface CreatedResponse<T> {
  status: number;
  body: T;
  headers?: Record<string, string>;
}

const KEY_RE = /^[\x21-\x7e]{8,200}$/;

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * A creating command with `Idempotency-Key` support (REL-04), stored in the same transaction as
 * the effect: a repeat after completion gets the stored response and creates nothing; a repeat
 * while the first is running gets 409; the same key with another body gets 422.
 */
export async function idempotentCreate<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  fn: (ctx: Ctx) => Promise<CreatedResponse<T>>,
): Promise<T> {
  const key = req.headers['idempotency-key'];
  if (key === undefined) {
    const r = await withCtx(req, fn);
    return send(reply, r);
  }
  if (typeof key !== 'string' || !KEY_RE.test(key)) {
    throw new AppError('validation_failed', 'Idempotency-Key must be 8 to 200 visible ASCII characters.', {
      errors: [{ path: 'headers.idempotency-key', message: 'invalid Idempotency-Key', code: 'invalid_format' }],
    });
  }
  const actor = actorOf(req);
  if (!actor.tenantId || !actor.userId) throw new AppError('unauthenticated');
  const requestHash = sha256(`${req.method} ${req.routeOptions.url ?? req.url}\n${canonicalJson(req.params)}\n${canonicalJson(req.body)}`);
  const ttlHours = req.server.deps.config.IDEMPOTENCY_TTL_HOURS;
  const result = await withCtx(req, async (ctx) => {
    const locked = await ctx.tx.execute<{ ok: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtext(${actor.tenantId + ':' + actor.userId}), hashtext(${key})) as ok`,
    );
    if (!locked.rows[0]?.ok) throw new AppError('idempotency_in_progress', 'Retry once the first request has completed.');
    const existing = await ctx.tx.execute<{
      request_hash: string;
      response_status: number;
      response_body: unknown;
      response_headers: Record<string, string> | null;
    }>(
      sql`select request_hash, response_status, response_body, response_headers from idempotency_key
          where tenant_id = ${actor.tenantId} and user_id = ${actor.userId} and key = ${key} and expires_at > now()`,
    );
    const row = existing.rows[0];
    if (row) {
      if (row.request_hash !== requestHash) throw new AppError('idempotency_key_reused');
      return { replay: true, r: { status: row.response_status, body: row.response_body as T, headers: row.response_headers ?? {} } };
    }
    const r = await fn(ctx);
    await ctx.tx.execute(sql`
      insert into idempotency_key (tenant_id, user_id, key, request_hash, response_status, response_body, response_headers, expires_at)
      values (${actor.tenantId}, ${actor.userId}, ${key}, ${requestHash}, ${r.status}, ${JSON.stringify(r.body)}::jsonb,
              ${JSON.stringify(r.headers ?? {})}::jsonb, now() + make_interval(hours => ${ttlHours}))
      on conflict (tenant_id, user_id, key) do update set request_hash = excluded.request_hash,
        response_status = excluded.response_status, response_body = excluded.response_body,
        response_headers = excluded.response_headers, created_at = now(), expires_at = excluded.expires_at`);
    return { replay: false, r };
  });
  if (result.replay) void reply.header('idempotent-replayed', 'true');
  return send(reply, result.r);
}

function send<T>(reply: FastifyReply, r: CreatedResponse<T>): T {
  void reply.code(r.status);
  for (const [k, v] of Object.entries(r.headers ?? {})) void reply.header(k, v);
  return r.body;
}

/** Reads the version the caller based its change on, from `If-Match` (REL-05): missing → 428. */
export function expectedVersion(req: FastifyRequest): number {
  const h = req.headers['if-match'];
  if (h === undefined) {
    throw new AppError('precondition_required', 'Send If-Match with the ETag you last read, so that no change is overwritten.');
  }
  const m = typeof h === 'string' ? /^(?:W\/)?"?(\d{1,9})"?$/.exec(h.trim()) : null;
  if (!m) {
    throw new AppError('validation_failed', 'If-Match must be the ETag returned by the API, e.g. "3".', {
      errors: [{ path: 'headers.if-match', message: 'invalid ETag', code: 'invalid_format' }],
    });
  }
  return Number(m[1]);
}

export function etag(reply: FastifyReply, version: number): void {
  void reply.header('etag', `"${version}"`);
}

/**
 * Sends an answer the service built field by field (never a table row passed through), encoded
 * with `JSON.stringify` without validating it again against the route's response schema: that
 * validation cost a fifth of the server's time on the hot lists (decisions 0010 and 0011). The
 * schema still documents the answer (OpenAPI), and the route's API test parses answers with it.
 */
export function sendAsBuilt(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}
