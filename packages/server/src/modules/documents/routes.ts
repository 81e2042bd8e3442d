import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateField, problemSchema, textField } from '@maillon/shared/api';
import {
  checklistScopeSchema,
  checklistUpdateSchema,
  documentArchiveSchema,
  documentListQuerySchema,
  documentSchema,
  documentTypes,
  organisationChecklistSchema,
  personChecklistSchema,
} from '@maillon/shared/documents';
import { etag, expectedVersion, withCtx } from '../../plugins/context.ts';
import { getOrganisationChecklist, personChecklist, saveChecklistScope } from './checklist.service.ts';
import { sendDocument } from './download.ts';
import { archiveDocument, getDocument, listDocuments, openDocument } from './service.ts';
import { createFileStore, documentsConfig } from './storage.ts';
import { uploadDocument } from './upload.ts';

const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 412: problemSchema, 428: problemSchema };
const personParams = z.strictObject({ personId: z.uuid() });
const itemParams = z.strictObject({ personId: z.uuid(), id: z.uuid() });

/**
 * The upload form, for the API description only: the body is streamed and checked by
 * `receiveUpload` (fields with `documentUploadFieldsSchema`, the file by its content).
 */
const uploadForm = z.object({
  file: z.string().meta({
    format: 'binary',
    description: 'PDF, JPEG, PNG, WebP or HEIC, recognised by its content; 10 MiB by default (UPLOAD_MAX_BYTES)',
  }),
  type: z.enum(documentTypes),
  title: textField(200).optional().meta({ description: 'defaults to the file name' }),
  validUntil: dateField.optional().meta({ description: 'e.g. the expiry date of an identity card' }),
});

/**
 * Administrative documents of a person's record and the organisation's required-documents
 * checklist. Register with the prefix `/api/v1`.
 */
export async function documentRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['documents'];
  const cfg = documentsConfig(app.deps.config);
  const store = createFileStore(cfg, app.deps.config.dataDir);
  app.addHook('onClose', async () => store.close());

  // Multipart is parsed only by the upload route, in its own context (SEC-VAL-01 elsewhere).
  await app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: cfg.maxBytes, files: 1, fields: 6, parts: 8 } });
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/people/:personId/documents',
      {
        schema: {
          tags: t,
          summary:
            'Upload a document (multipart/form-data: file, type, title?, validUntil?; type checked by content; Idempotency-Key accepted)',
          consumes: ['multipart/form-data'],
          params: personParams,
          body: uploadForm,
          response: { 201: documentSchema, ...errors, 413: problemSchema, 415: problemSchema, 422: problemSchema },
        },
        config: { permission: 'person.update' },
        // The multipart body is read as a stream by the handler, not validated as a parsed body.
        validatorCompiler: (route) =>
          route.httpPart === 'body'
            ? (data: unknown) => ({ value: data })
            : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
      },
      async (req, reply) => uploadDocument(req, reply, req.params.personId, { store, maxBytes: cfg.maxBytes }),
    );
  });

  app.get(
    '/people/:personId/documents',
    {
      schema: {
        tags: t,
        summary: "A person's documents, of the categories the caller may read (audited)",
        params: personParams,
        querystring: documentListQuerySchema,
        response: { 200: z.object({ items: z.array(documentSchema), nextCursor: z.string().nullable() }), ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req) => withCtx(req, (ctx) => listDocuments(ctx, req.params.personId, req.query)),
  );

  app.get(
    '/people/:personId/documents/checklist',
    {
      schema: {
        tags: t,
        summary: 'Required documents of this person: present, missing or expired (audited)',
        params: personParams,
        response: { 200: personChecklistSchema, ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req) => withCtx(req, (ctx) => personChecklist(ctx, req.params.personId)),
  );

  app.get(
    '/people/:personId/documents/:id',
    {
      schema: {
        tags: t,
        summary: "A document's description, with its ETag (audited)",
        params: itemParams,
        response: { 200: documentSchema, ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req, reply) => {
      const d = await withCtx(req, (ctx) => getDocument(ctx, req.params.personId, req.params.id));
      etag(reply, d.version);
      return d;
    },
  );

  app.get(
    '/people/:personId/documents/:id/content',
    {
      schema: {
        tags: t,
        summary: 'Download the file (attachment, streamed after the access check; audited)',
        params: itemParams,
        response: errors,
      },
      config: { permission: 'person.read' },
      // A HEAD would open the file and be audited as a download without sending it.
      exposeHeadRoute: false,
    },
    async (req, reply) => {
      let opened: Readable | undefined;
      try {
        const r = await withCtx(req, async (ctx) => {
          const o = await openDocument(ctx, store, req.params.personId, req.params.id);
          opened = o.stream;
          return o;
        });
        return sendDocument(reply, r.doc, r.stream);
      } catch (e) {
        // Opened, but the transaction (and so the audit row) did not commit: nothing is sent.
        opened?.destroy();
        throw e;
      }
    },
  );

  app.post(
    '/people/:personId/documents/:id/archive',
    {
      schema: {
        tags: t,
        summary: 'Archive a document with a reason (If-Match; never deleted)',
        params: itemParams,
        body: documentArchiveSchema,
        response: { 200: documentSchema, ...errors },
      },
      config: { permission: 'person.update' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const d = await withCtx(req, (ctx) => archiveDocument(ctx, req.params.personId, req.params.id, v, req.body.reason));
      etag(reply, d.version);
      return d;
    },
  );

  app.get(
    '/documents/checklist',
    {
      schema: {
        tags: t,
        summary: "The organisation's required documents, for all and per service",
        response: { 200: organisationChecklistSchema, ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req) => withCtx(req, (ctx) => getOrganisationChecklist(ctx)),
  );

  app.put(
    '/documents/checklist',
    {
      schema: {
        tags: t,
        summary:
          'Save the required documents of the organisation (serviceId null) or of one service (If-Match: the version read, "0" for a default list)',
        body: checklistUpdateSchema,
        response: { 200: checklistScopeSchema, ...errors },
      },
      config: { permission: 'organisation.update' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const s = await withCtx(req, (ctx) => saveChecklistScope(ctx, v, req.body));
      etag(reply, s.version);
      return s;
    },
  );
}
