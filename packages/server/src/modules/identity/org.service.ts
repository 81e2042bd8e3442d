import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  defaultMfaRequiredRoles,
  type Role,
  type Service,
  type organisationUpdateSchema,
  type serviceCreateSchema,
  type serviceUpdateSchema,
} from '@maillon/shared/identity';
import { pgCode } from '../../lib/db-errors.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { organisation, service } from './tables.ts';

type ServiceRow = typeof service.$inferSelect;

function toService(r: ServiceRow): Service {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as Service['kind'],
    capacity: r.capacity,
    address: r.address,
    archived: r.archivedAt !== null,
    version: r.version,
    createdAt: isoRequired(r.createdAt),
    updatedAt: isoRequired(r.updatedAt),
  };
}

function uniqueName(e: unknown): never {
  if (pgCode(e) === '23505') {
    throw new AppError('service.name_taken', 'A service with this name already exists.', {
      errors: [{ path: 'body.name', message: 'A service with this name already exists.', code: 'duplicate' }],
    });
  }
  throw e;
}

/**
 * A service named by the caller must be one of the organisation's own, not archived (SEC-AZ-03):
 * read in the caller's transaction, under RLS, where another organisation's service does not
 * exist — 400 naming the field, as for an id that exists nowhere. Migration 0018 makes the
 * database refuse such a reference too.
 */
export async function assertOwnService(ctx: Ctx, id: string | null | undefined, path = 'body.serviceId'): Promise<void> {
  if (!id) return;
  const r = await ctx.tx.execute(sql`select 1 from service where id = ${id} and tenant_id = ${ctx.actor.tenantId} and archived_at is null`);
  if (!r.rowCount) {
    throw new AppError('validation_failed', 'This service does not exist.', {
      errors: [{ path, message: 'Unknown service', code: 'unknown_service' }],
    });
  }
}

export async function listServices(ctx: Ctx): Promise<Service[]> {
  const rows = await ctx.tx.select().from(service).orderBy(service.name);
  return rows.map(toService);
}

export async function getService(ctx: Ctx, id: string): Promise<Service> {
  const r = (await ctx.tx.select().from(service).where(eq(service.id, id)))[0];
  if (!r) throw notFound('service');
  return toService(r);
}

export async function createService(ctx: Ctx, input: z.infer<typeof serviceCreateSchema>): Promise<Service> {
  const id = newId();
  const rows = await ctx.tx
    .insert(service)
    .values({ id, name: input.name, kind: input.kind, capacity: input.capacity ?? null, address: input.address ?? null })
    .returning()
    .catch(uniqueName);
  await ctx.audit({ action: 'service.create', resourceType: 'service', resourceId: id, purpose: 'admin' });
  return toService(rows[0]!);
}

/** Optimistic concurrency: the update applies only to the version the caller read (REL-05). */
export async function updateService(ctx: Ctx, id: string, expected: number, input: z.infer<typeof serviceUpdateSchema>): Promise<Service> {
  const { archived, ...rest } = input;
  const rows = await ctx.tx
    .update(service)
    .set({
      ...rest,
      ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
      updatedAt: new Date(),
      version: sql`${service.version} + 1`,
    })
    .where(and(eq(service.id, id), eq(service.version, expected)))
    .returning()
    .catch(uniqueName);
  if (!rows[0]) {
    const current = await getService(ctx, id);
    throw new AppError('precondition_failed', 'Someone changed this service in the meantime; here is its current state.', { current });
  }
  await ctx.audit({
    action: 'service.update',
    resourceType: 'service',
    resourceId: id,
    purpose: 'admin',
    details: { fields: Object.keys(input) },
  });
  return toService(rows[0]);
}

export async function getOrganisation(ctx: Ctx) {
  const r = (await ctx.tx.select().from(organisation).where(eq(organisation.id, ctx.actor.tenantId!)))[0];
  if (!r) throw notFound('organisation');
  return {
    id: r.id,
    name: r.name,
    finess: r.finess,
    mfaRequiredRoles: (r.settings.mfaRequiredRoles ?? defaultMfaRequiredRoles) as Role[],
    version: r.version,
  };
}

export async function updateOrganisation(ctx: Ctx, expected: number, input: z.infer<typeof organisationUpdateSchema>) {
  const current = await getOrganisation(ctx);
  if (current.version !== expected) {
    throw new AppError('precondition_failed', 'The settings were changed in the meantime; here they are.', { current });
  }
  const updated = await ctx.tx
    .update(organisation)
    .set({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.finess === undefined ? {} : { finess: input.finess }),
      settings: { mfaRequiredRoles: input.mfaRequiredRoles ?? current.mfaRequiredRoles },
      updatedAt: new Date(),
      version: sql`${organisation.version} + 1`,
    })
    .where(and(eq(organisation.id, current.id), eq(organisation.version, expected)))
    .returning({ id: organisation.id });
  if (!updated[0])
    throw new AppError('precondition_failed', 'The settings were changed in the meantime; here they are.', {
      current: await getOrganisation(ctx),
    });
  await ctx.audit({
    action: 'organisation.update',
    resourceType: 'organisation',
    resourceId: current.id,
    purpose: 'admin',
    details: { fields: Object.keys(input) },
  });
  return getOrganisation(ctx);
}
