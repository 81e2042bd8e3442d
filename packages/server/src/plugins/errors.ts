import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode, FieldError, Problem } from '@maillon/shared/api';
import { diskFull, isDatabaseUnavailable, pgCode } from '../lib/db-errors.ts';
import { AppError, problemTitle } from '../lib/errors.ts';

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  extra: { errors?: FieldError[]; current?: unknown; headers?: Record<string, string> } = {},
) {
  const { status, title } = problemTitle(code);
  const body: Problem = {
    // `plan.already_open` → …/problems/plan/already-open
    type: `https://maillon.fr/problems/${code.replaceAll('.', '/').replaceAll('_', '-')}`,
    title,
    status,
    code,
    correlationId: String(request.id),
    instance: request.url.split('?')[0],
    ...(detail ? { detail } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.current !== undefined ? { current: extra.current } : {}),
  };
  for (const [k, v] of Object.entries(extra.headers ?? {})) void reply.header(k, v);
  const currentVersion = code === 'precondition_failed' ? versionOf(extra.current) : null;
  if (currentVersion !== null && !extra.headers?.etag) void reply.header('etag', `"${currentVersion}"`);
  return reply.code(status).type('application/problem+json').header('cache-control', 'no-store').send(body);
}

/** How long /readyz says "disk_full" after a write failed for lack of space (then the next write tells again). */
export const DISK_FULL_HOLD_MS = 30_000;

/** What the error handler learnt about the server's health, for /readyz. */
class HealthNotes {
  private diskFullAt = 0;
  private diskFullWhere: 'database' | 'files' = 'database';
  noteDiskFull(where: 'database' | 'files') {
    this.diskFullAt = Date.now();
    this.diskFullWhere = where;
  }
  /** where the disk was full during the last DISK_FULL_HOLD_MS, or null */
  diskFullRecently(): 'database' | 'files' | null {
    return this.diskFullAt && Date.now() - this.diskFullAt < DISK_FULL_HOLD_MS ? this.diskFullWhere : null;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    healthNotes: HealthNotes;
  }
}

const DISK_FULL_DETAIL = {
  database:
    'The database server has no disk space left: nothing was saved. An administrator must free space on the disk of the database; then retry.',
  files:
    'This server has no disk space left to store files: nothing was saved. An administrator must free space on the disk of the data directory; then retry.',
} as const;

/** The version of the state a 412 carries (a plan's is its shown version's), sent as its ETag for the retry. */
function versionOf(current: unknown): number | null {
  const v = (current as { version?: unknown } | null | undefined)?.version;
  if (typeof v === 'number') return v;
  const nested = (v as { version?: unknown } | null | undefined)?.version;
  return typeof nested === 'number' ? nested : null;
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

/** Turns every error into RFC 9457 problem+json; unknown errors are logged, never echoed (SEC-LOG-05). */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.decorate('healthNotes', new HealthNotes());
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(request, reply, error.code, error.detail, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors: FieldError[] = error.validation.map((v) => {
        const parts = (v.instancePath ?? '').split('/').filter(Boolean);
        const params = v.params as { issue?: { code?: string; keys?: string[] }; params?: { reason?: unknown } } | undefined;
        const keys = params?.issue?.keys;
        const base = [error.validationContext ?? 'body', ...parts].join('.');
        // A shared refinement names its reason (`control_characters`, `date_out_of_range`…).
        const reason = params?.params?.reason;
        return {
          path: keys?.length ? `${base}.${keys.join(',')}` : base,
          message: v.message ?? 'invalid value',
          code: typeof reason === 'string' ? reason : (params?.issue?.code ?? v.keyword),
        };
      });
      return sendProblem(request, reply, 'validation_failed', 'Some fields are not valid.', { errors });
    }
    if (error.code && fastifyCodes[error.code]) {
      return sendProblem(request, reply, fastifyCodes[error.code]!, undefined);
    }
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendProblem(request, reply, 'malformed_json');
    }
    if (error.statusCode === 429) {
      return sendProblem(request, reply, 'rate_limited', 'Please wait before trying again.');
    }
    if (error.statusCode === 503) return sendProblem(request, reply, 'service_unavailable');
    // Lack of disk space and a database that is away are the administrator's to fix, never a 500:
    // 503 with Retry-After, and /readyz says so (REL-01: nothing was acknowledged).
    const full = diskFull(error);
    if (full) {
      app.healthNotes.noteDiskFull(full);
      request.log.error({ pg: pgCode(error), code: error.code, where: full }, 'no disk space left');
      return sendProblem(request, reply, 'service_unavailable', DISK_FULL_DETAIL[full], { headers: { 'retry-after': '60' } });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ pg: pgCode(error), code: error.code, message: error.message.split('\nparams:')[0] }, 'database unavailable');
      return sendProblem(request, reply, 'service_unavailable', 'The database is unavailable for a moment; retry shortly.', {
        headers: { 'retry-after': '1' },
      });
    }
    // Database refusals that a caller can act on are never a 500 (logged without parameters).
    switch (pgCode(error)) {
      case '23505':
        request.log.warn({ pg: '23505' }, 'unique violation');
        return sendProblem(request, reply, 'conflict', 'This already exists.');
      case '23503':
        request.log.warn({ pg: '23503' }, 'foreign key violation');
        return sendProblem(request, reply, 'validation_failed', 'A referenced item does not exist.');
      case '40001':
      case '40P01':
      case '55P03':
      case '57014':
      case '53200':
      case '53300':
        request.log.warn({ pg: pgCode(error) }, 'transient database refusal');
        return sendProblem(request, reply, 'service_unavailable', 'The server is busy; retry in a moment.', {
          headers: { 'retry-after': '1' },
        });
      case undefined:
      default:
        break;
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'client error');
      return sendProblem(request, reply, 'validation_failed', 'The request could not be understood.');
    }
    // Driver errors carry the SQL parameters: log the message and code only (SEC-LOG-03).
    request.log.error(
      {
        err: { message: error.message.split('\nparams:')[0], code: pgCode(error) ?? error.code, stack: error.stack?.split('\nparams:')[0] },
      },
      'unexpected error',
    );
    return sendProblem(request, reply, 'internal', 'An unexpected error occurred. Quote the correlation id to support.');
  });
});
