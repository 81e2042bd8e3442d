import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  defaultDocumentChecklist,
  documentCategoryOf,
  evaluateChecklist,
  type ChecklistRequirement,
  type ChecklistScope,
  type ChecklistUpdate,
  type DocumentType,
  type PersonChecklistItem,
} from '@maillon/shared/documents';
import type { ServiceKind } from '@maillon/shared/identity';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Ctx } from '../../plugins/context.ts';
import { resolveAccess } from '../access/public.ts';
import { loadDocuments, toDocument, today } from './service.ts';
import { documentChecklist, personDocument } from './tables.ts';

type ScopeRow = { id: string; service_id: string | null; document_types: string[]; version: number };
type ServiceRow = { id: string; name: string; kind: string };

const defaultFor = (kind: string | null): DocumentType[] =>
  kind === null ? [...defaultDocumentChecklist.organisation] : [...(defaultDocumentChecklist.serviceKinds[kind as ServiceKind] ?? [])];

function scopeOf(row: ScopeRow | undefined, service: ServiceRow | null): ChecklistScope {
  return {
    serviceId: service?.id ?? null,
    serviceName: service?.name ?? null,
    types: row ? (row.document_types as DocumentType[]) : defaultFor(service ? service.kind : null),
    isDefault: !row,
    version: row?.version ?? 0,
  };
}

async function scopeRows(ctx: Ctx): Promise<ScopeRow[]> {
  return (await ctx.tx.execute<ScopeRow>(sql`select id, service_id, document_types, version from document_checklist`)).rows;
}

/** The organisation's checklist: its own scope, then each active service's (saved, or the default). */
export async function getOrganisationChecklist(ctx: Ctx): Promise<{ items: ChecklistScope[] }> {
  const rows = await scopeRows(ctx);
  const services = (
    await ctx.tx.execute<ServiceRow>(sql`select id, name, kind from service where archived_at is null order by lower(name), id`)
  ).rows;
  return {
    items: [
      scopeOf(
        rows.find((r) => r.service_id === null),
        null,
      ),
      ...services.map((s) =>
        scopeOf(
          rows.find((r) => r.service_id === s.id),
          s,
        ),
      ),
    ],
  };
}

/**
 * Saves one scope's list against the version the caller saw (REL-05): `0` when it still had the
 * default (no row yet). Audited as an administration action.
 */
export async function saveChecklistScope(ctx: Ctx, expected: number, input: ChecklistUpdate): Promise<ChecklistScope> {
  let service: ServiceRow | null = null;
  if (input.serviceId) {
    service =
      (await ctx.tx.execute<ServiceRow>(sql`select id, name, kind from service where id = ${input.serviceId} and archived_at is null`))
        .rows[0] ?? null;
    if (!service) {
      throw new AppError('validation_failed', 'This service does not exist.', {
        errors: [{ path: 'body.serviceId', message: 'Unknown service', code: 'unknown_service' }],
      });
    }
  }
  const scope = input.serviceId ? eq(documentChecklist.serviceId, input.serviceId) : isNull(documentChecklist.serviceId);
  let saved: { id: string } | undefined;
  if (expected === 0) {
    saved = (
      await ctx.tx
        .insert(documentChecklist)
        .values({ id: newId(), serviceId: input.serviceId, documentTypes: input.types, updatedBy: ctx.actor.userId })
        .onConflictDoNothing()
        .returning({ id: documentChecklist.id })
    )[0];
  } else {
    saved = (
      await ctx.tx
        .update(documentChecklist)
        .set({
          documentTypes: input.types,
          updatedBy: ctx.actor.userId,
          updatedAt: new Date(),
          version: sql`${documentChecklist.version} + 1`,
        })
        .where(and(scope, eq(documentChecklist.version, expected)))
        .returning({ id: documentChecklist.id })
    )[0];
  }
  const row = (await scopeRows(ctx)).find((r) => r.service_id === input.serviceId);
  if (!saved) {
    throw new AppError('precondition_failed', 'This checklist was changed in the meantime; here is its current state.', {
      current: scopeOf(row, service),
    });
  }
  await ctx.audit({
    action: 'document_checklist.update',
    resourceType: 'document_checklist',
    resourceId: saved.id,
    purpose: 'admin',
    details: { serviceId: input.serviceId, types: input.types },
  });
  return scopeOf(row, service);
}

/**
 * The person's checklist: each type required by the organisation or by the person's service,
 * present (latest valid document), expired or missing. Types of categories the caller may not
 * read are left out, as their documents are (SEC-AZ-03). Audited as a read.
 */
export async function personChecklist(ctx: Ctx, personId: string): Promise<{ items: PersonChecklistItem[] }> {
  const access = await resolveAccess(ctx, personId);
  const p = (
    await ctx.tx.execute<{ service_id: string | null; kind: string | null }>(
      sql`select p.service_id, s.kind from person p left join service s on s.id = p.service_id where p.id = ${personId}`,
    )
  ).rows[0];
  const rows = await scopeRows(ctx);
  const orgTypes = scopeOf(
    rows.find((r) => r.service_id === null),
    null,
  ).types;
  const serviceTypes =
    p?.service_id && p.kind !== null
      ? scopeOf(
          rows.find((r) => r.service_id === p.service_id),
          { id: p.service_id, name: '', kind: p.kind },
        ).types
      : [];
  const required: ChecklistRequirement[] = [
    ...orgTypes.map((type) => ({ type, requiredBy: 'organisation' as const })),
    ...serviceTypes.map((type) => ({ type, requiredBy: 'service' as const })),
  ].filter((r) => access.categories.has(documentCategoryOf[r.type]));
  const types = [...new Set(required.map((r) => r.type))];
  const docs = types.length
    ? await loadDocuments(
        ctx,
        and(eq(personDocument.personId, personId), isNull(personDocument.archivedAt), inArray(personDocument.type, types)),
      )
    : [];
  const now = today();
  const items = evaluateChecklist(
    required,
    docs.map((d) => ({ ...d, type: d.type as DocumentType, createdAt: d.createdAt.toISOString() })),
    now,
  ).map((i) => ({
    ...i,
    document: i.document ? toDocument(ctx, { ...i.document, createdAt: new Date(i.document.createdAt) }, access) : null,
  }));
  await ctx.audit({
    action: 'document.checklist_read',
    resourceType: 'person_document',
    personId,
    infoCategory: items.some((i) => i.category === 'health')
      ? 'health'
      : items.some((i) => i.category === 'social')
        ? 'social'
        : 'administrative',
    purpose: access.via === 'break_glass' ? 'break_glass' : 'care',
    details: {
      required: items.length,
      missing: items.filter((i) => i.status === 'missing').length,
      expired: items.filter((i) => i.status === 'expired').length,
    },
  });
  return { items };
}
