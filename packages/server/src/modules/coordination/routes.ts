import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import {
  journalCorrectionSchema,
  journalCreateSchema,
  journalEnteredInErrorSchema,
  journalEntrySchema,
  journalEventsQuerySchema,
  journalHandoverAckSchema,
  journalHandoverQuerySchema,
  journalHandoverSchema,
  journalHistorySchema,
  journalPageSchema,
  journalPdfQuerySchema,
  journalSearchSchema,
  journalServiceQuerySchema,
  journalTimelineQuerySchema,
  journalUnreadSchema,
} from '@maillon/shared/coordination';
import { clientIp, etag, expectedVersion, idempotentCreate, withCtx } from '../../plugins/context.ts';
import { acknowledgeEntry, correctEntry, createEntry, enterInError, entryHistory, getEntry } from './entries.service.ts';
import { journalPdfData } from './export.service.ts';
import { acknowledgeHandover, handover, unreadCounts } from './handover.service.ts';
import { journalPdf } from './journal.pdf.ts';
import { personTimeline, searchJournal, serviceJournal } from './list.service.ts';
import { JournalHub } from './live.ts';
import { journalAccess } from './policy.ts';

const errors = {
  400: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  412: problemSchema,
  422: problemSchema,
  428: problemSchema,
};
const personParams = z.strictObject({ personId: z.uuid() });
const idParams = z.strictObject({ id: z.uuid() });

declare module 'fastify' {
  interface FastifyInstance {
    journalHub?: JournalHub;
  }
}

/**
 * The coordination journal (issue 20, docs/api-journal.md): entries about a person, corrections
 * and "entered in error", acknowledgements and the handover, the timeline, the service journal,
 * the search, the live stream and the PDF. Register with the prefix `/api/v1`.
 */
export async function coordinationRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['journal'];
  const hub = new JournalHub(app.deps, app.log);
  app.decorate('journalHub', hub);
  // Streams end before the server waits for in-flight requests to finish.
  app.addHook('preClose', async () => hub.close());

  app.post(
    '/people/:personId/journal',
    {
      schema: {
        tags: t,
        summary: 'Write an entry about a person (Idempotency-Key accepted)',
        params: personParams,
        body: journalCreateSchema,
        response: { 201: journalEntrySchema, ...errors },
      },
      config: { permission: 'journal.write' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const e = await createEntry(ctx, req.params.personId, req.body);
        return { status: 201, body: e, headers: { etag: `"${e.version}"`, location: `/api/v1/journal/entries/${e.id}` } };
      }),
  );

  app.get(
    '/people/:personId/journal',
    {
      schema: {
        tags: t,
        summary: "A person's journal, newest fact first, of the categories the caller reads (audited)",
        params: personParams,
        querystring: journalTimelineQuerySchema,
        response: { 200: journalPageSchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req) => withCtx(req, (ctx) => personTimeline(ctx, req.params.personId, req.query)),
  );

  app.get(
    '/people/:personId/journal/pdf',
    {
      schema: {
        tags: t,
        summary: "A person's journal for a period as PDF, by the categories the caller reads (step-up; audited as an export)",
        params: personParams,
        querystring: journalPdfQuerySchema,
        produces: ['application/pdf'],
        response: { 200: z.any(), ...errors },
      },
      config: { permission: 'journal.read', stepUp: true },
      exposeHeadRoute: false,
    },
    async (req, reply) => {
      const data = await withCtx(req, (ctx) => journalPdfData(ctx, req.params.personId, req.query));
      const pdf = await journalPdf(data);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="journal-${req.query.from}-${req.query.to}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/journal',
    {
      schema: {
        tags: t,
        summary: 'The service journal: entries about every person the caller may read (audited)',
        querystring: journalServiceQuerySchema,
        response: { 200: journalPageSchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req) => withCtx(req, (ctx) => serviceJournal(ctx, req.query)),
  );

  app.post(
    '/journal/search',
    {
      schema: {
        tags: t,
        summary: 'French full-text search in the entries the caller may read (text in the body; audited)',
        body: journalSearchSchema,
        response: { 200: journalPageSchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req) => withCtx(req, (ctx) => searchJournal(ctx, req.body)),
  );

  app.get(
    '/journal/handover',
    {
      schema: {
        tags: t,
        summary: 'Since I was last here: entries about the people I follow, grouped by person, urgent first (audited)',
        querystring: journalHandoverQuerySchema,
        response: { 200: journalHandoverSchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req) => withCtx(req, (ctx) => handover(ctx, req.query.perPerson)),
  );

  app.post(
    '/journal/handover/acknowledge',
    {
      schema: {
        tags: t,
        summary: 'I have read the handover up to asOf (the asOf of the list read): the mark moves forward',
        body: journalHandoverAckSchema,
        response: { 200: journalUnreadSchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req) => withCtx(req, (ctx) => acknowledgeHandover(ctx, req.body.asOf)),
  );

  app.get(
    '/journal/unread',
    {
      schema: {
        tags: t,
        summary: 'Counts of the navigation: new entries since my mark, urgent, to acknowledge',
        response: { 200: journalUnreadSchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req) => withCtx(req, (ctx) => unreadCounts(ctx)),
  );

  app.get(
    '/journal/entries/:id',
    {
      schema: {
        tags: t,
        summary: 'One entry, with its ETag (audited)',
        params: idParams,
        response: { 200: journalEntrySchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req, reply) => {
      const e = await withCtx(req, (ctx) => getEntry(ctx, req.params.id));
      etag(reply, e.version);
      return e;
    },
  );

  app.get(
    '/journal/entries/:id/versions',
    {
      schema: {
        tags: t,
        summary: 'Every version of an entry, newest first, also of an entry entered in error (audited)',
        params: idParams,
        response: { 200: journalHistorySchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req) => withCtx(req, (ctx) => entryHistory(ctx, req.params.id)),
  );

  app.post(
    '/journal/entries/:id/versions',
    {
      schema: {
        tags: t,
        summary: 'Correct an entry: a new version with the whole new content (If-Match; the author or a coordinator)',
        params: idParams,
        body: journalCorrectionSchema,
        response: { 200: journalEntrySchema, ...errors },
      },
      config: { permission: 'journal.write' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const e = await withCtx(req, (ctx) => correctEntry(ctx, req.params.id, v, req.body));
      etag(reply, e.version);
      return e;
    },
  );

  app.post(
    '/journal/entries/:id/entered-in-error',
    {
      schema: {
        tags: t,
        summary: 'Mark an entry entered in error, with a reason (If-Match; the author or a coordinator; never deleted)',
        params: idParams,
        body: journalEnteredInErrorSchema,
        response: { 200: journalEntrySchema, ...errors },
      },
      config: { permission: 'journal.write' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const e = await withCtx(req, (ctx) => enterInError(ctx, req.params.id, v, req.body.reason));
      etag(reply, e.version);
      return e;
    },
  );

  app.post(
    '/journal/entries/:id/acknowledge',
    {
      schema: {
        tags: t,
        summary: 'Acknowledge an entry that names me (a second time keeps the first time)',
        params: idParams,
        response: { 200: journalEntrySchema, ...errors },
      },
      config: { permission: 'journal.read' },
    },
    async (req, reply) => {
      const e = await withCtx(req, (ctx) => acknowledgeEntry(ctx, req.params.id));
      etag(reply, e.version);
      return e;
    },
  );

  app.get(
    '/journal/events',
    {
      schema: {
        tags: t,
        summary: 'Live stream (text/event-stream) of the entries the caller may read as they are written, corrected or acknowledged',
        querystring: journalEventsQuerySchema,
        produces: ['text/event-stream'],
        response: errors,
      },
      config: { permission: 'journal.read' },
      exposeHeadRoute: false,
    },
    async (req, reply) => {
      const personId = req.query.personId ?? null;
      // A person's stream: their record must be readable now (else 404, audited).
      if (personId) await withCtx(req, (ctx) => journalAccess(ctx, personId));
      const a = req.auth!;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-request-id': String(req.id),
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      try {
        await hub.add({
          sessionId: a.sessionId,
          userId: a.userId,
          tenantId: a.tenantId!,
          personId,
          requestId: String(req.id),
          ip: clientIp(req),
          res,
        });
      } catch (err) {
        // No listening connection: the stream ends at once and the browser retries later.
        req.log.warn({ err: { message: (err as Error).message } }, 'journal stream not opened');
        res.end();
        return;
      }
      res.write('retry: 5000\nevent: ready\ndata: {}\n\n');
    },
  );
}
