import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import { etag, expectedVersion, idempotentCreate, sendAsBuilt, withCtx, type Ctx } from './context.ts';

// The route kit (issue 18): the few shapes every module's routes take, so that a route file is
// wiring only (STYLE.md 1). Each helper runs one service call in `withCtx` (one transaction with
// its audit row, refusals audited). See docs/architecture.md, "How to add a module".

/** `/:id` */
export const idParams = z.strictObject({ id: z.uuid() });

/** The problems a module's routes answer with, for the response schemas (OpenAPI). */
export const problems = {
  400: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  412: problemSchema,
  428: problemSchema,
} as const;

/** A versioned resource read: the answer with its ETag (the `version` it carries). */
export async function readVersioned<T extends { version: number }>(
  req: FastifyRequest,
  reply: FastifyReply,
  fn: (ctx: Ctx) => Promise<T>,
): Promise<T> {
  const v = await withCtx(req, fn);
  etag(reply, v.version);
  return v;
}

/**
 * A command on a versioned resource (REL-05): `If-Match` gives the version the caller read
 * (missing → 428, malformed → 400), the service updates `where version = $expected` (stale →
 * 412 with the current state), the answer carries the new ETag.
 */
export async function versionedCommand<T extends { version: number }>(
  req: FastifyRequest,
  reply: FastifyReply,
  fn: (ctx: Ctx, expected: number) => Promise<T>,
): Promise<T> {
  const expected = expectedVersion(req);
  return readVersioned(req, reply, (ctx) => fn(ctx, expected));
}

/**
 * A create (REL-04): 201 with `Location` (none for a part answered with its parent, e.g. a case
 * added to a committee) and `ETag` when the answer is versioned; an `Idempotency-Key` replays the
 * stored answer instead of creating twice.
 */
export function create<T extends { id: string; version?: number }>(
  req: FastifyRequest,
  reply: FastifyReply,
  fn: (ctx: Ctx) => Promise<T>,
  location?: (created: T) => string,
): Promise<T> {
  return idempotentCreate(req, reply, async (ctx) => {
    const body = await fn(ctx);
    const headers: Record<string, string> = location ? { location: location(body) } : {};
    if (body.version !== undefined) headers.etag = `"${body.version}"`;
    return { status: 201, body, headers };
  });
}

/**
 * A hot read (a paged list, a large view) sent as the service built it, without validating it
 * again against the response schema (decision 0011). Its API test parses every answer with the
 * schema (`parseAsBuilt` in test/factories.ts).
 */
export async function sendBuilt<T>(req: FastifyRequest, reply: FastifyReply, fn: (ctx: Ctx) => Promise<T>): Promise<FastifyReply> {
  return sendAsBuilt(reply, await withCtx(req, fn));
}
