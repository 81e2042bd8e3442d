import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import {
  caseloadQuerySchema,
  duplicateMatchSchema,
  duplicateQuerySchema,
  legalProtectionInputSchema,
  legalProtectionSchema,
  legalProtectionUpdateSchema,
  mergeSchema,
  personCreateSchema,
  personSchema,
  personSummarySchema,
  personUpdateSchema,
  professionalInputSchema,
  professionalSchema,
  professionalUpdateSchema,
  relativeInputSchema,
  relativeSchema,
  relativeUpdateSchema,
} from '@maillon/shared/people';
import { etag, expectedVersion, idempotentCreate, withCtx } from '../../plugins/context.ts';
import * as people from './person.service.ts';
import { addToSection, listSection, updateInSection, type SectionInput, type SectionName } from './sections.service.ts';

const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 412: problemSchema, 428: problemSchema };
const personParams = z.strictObject({ personId: z.uuid() });
const itemParams = z.strictObject({ personId: z.uuid(), id: z.uuid() });

export async function peopleRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['people'];

  app.post(
    '/search',
    {
      schema: {
        tags: t,
        summary: 'Caseload: my people, my service, all I may see (POST: names never in URLs)',
        body: caseloadQuerySchema,
        response: { 200: z.object({ items: z.array(personSummarySchema), nextCursor: z.string().nullable() }), ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req) => withCtx(req, (ctx) => people.searchPeople(ctx, req.body)),
  );

  app.post(
    '/duplicates',
    {
      schema: {
        tags: t,
        summary: 'Likely duplicates of a person about to be created',
        body: duplicateQuerySchema,
        response: { 200: z.object({ items: z.array(duplicateMatchSchema) }), ...errors },
      },
      config: { permission: 'person.create' },
    },
    async (req) => ({ items: await withCtx(req, (ctx) => people.findDuplicates(ctx, req.body)) }),
  );

  app.post(
    '/',
    {
      schema: {
        tags: t,
        summary: 'Create a person (409 with the duplicates unless duplicatesReviewed; Idempotency-Key accepted)',
        body: personCreateSchema,
        response: { 201: personSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'person.create' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const p = await people.createPerson(ctx, req.body);
        return { status: 201, body: p, headers: { etag: `"${p.version}"`, location: `/api/v1/people/${p.id}` } };
      }),
  );

  app.get(
    '/:personId',
    {
      schema: {
        tags: t,
        summary: 'Open a record (audited; only the categories the caller may read)',
        params: personParams,
        response: { 200: personSchema, ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req, reply) => {
      const p = await withCtx(req, (ctx) => people.getPerson(ctx, req.params.personId));
      etag(reply, p.version);
      return p;
    },
  );

  app.patch(
    '/:personId',
    {
      schema: {
        tags: t,
        summary: 'Change identity, contacts, address or situation (If-Match)',
        params: personParams,
        body: personUpdateSchema,
        response: { 200: personSchema, ...errors },
      },
      config: { permission: 'person.update' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const p = await withCtx(req, (ctx) => people.updatePerson(ctx, req.params.personId, v, req.body));
      etag(reply, p.version);
      return p;
    },
  );

  app.post(
    '/:personId/ins/reveal',
    {
      schema: {
        tags: t,
        summary: 'Show the full INS matricule (logged)',
        params: personParams,
        response: { 200: z.object({ matricule: z.string() }), ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req) => withCtx(req, (ctx) => people.revealIns(ctx, req.params.personId)),
  );

  app.post(
    '/:personId/merge',
    {
      schema: {
        tags: t,
        summary: 'Merge a duplicate into this record (history kept, audited)',
        params: personParams,
        body: mergeSchema,
        response: { 200: personSchema, ...errors },
      },
      config: { permission: 'person.merge' },
    },
    async (req) => withCtx(req, (ctx) => people.mergePeople(ctx, req.params.personId, req.body.duplicateId, req.body.reason)),
  );

  // One builder for the three sections; the response schema still validates each reply, so the
  // casts below only tell the compiler what the schema checks at run time.
  const section = (path: string, name: SectionName, item: z.ZodType, input: z.ZodType, update: z.ZodType) => {
    app.get(
      `/:personId/${path}`,
      {
        schema: {
          tags: t,
          summary: `List ${path}`,
          params: personParams,
          response: { 200: z.object({ items: z.array(item) }), ...errors },
        },
        config: { permission: 'person.read' },
      },
      async (req) => ({ items: await withCtx(req, (ctx) => listSection(ctx, name, req.params.personId)) }),
    );
    app.post(
      `/:personId/${path}`,
      {
        schema: {
          tags: t,
          summary: `Add to ${path}`,
          params: personParams,
          body: input,
          response: { 201: item, ...errors, 422: problemSchema },
        },
        config: { permission: 'person.update' },
      },
      async (req, reply) =>
        idempotentCreate(req, reply, async (ctx) => ({
          status: 201,
          body: (await addToSection(ctx, name, req.params.personId, req.body as SectionInput)) as never,
        })),
    );
    app.patch(
      `/:personId/${path}/:id`,
      {
        schema: {
          tags: t,
          summary: `Change or archive an entry of ${path} (If-Match)`,
          params: itemParams,
          body: update,
          response: { 200: item, ...errors },
        },
        config: { permission: 'person.update' },
      },
      async (req, reply) => {
        const v = expectedVersion(req);
        const r = await withCtx(req, (ctx) =>
          updateInSection(ctx, name, req.params.personId, req.params.id, v, req.body as Partial<SectionInput>),
        );
        etag(reply, r.version as number);
        return r;
      },
    );
  };
  section('relatives', 'relatives', relativeSchema, relativeInputSchema, relativeUpdateSchema);
  section('protections', 'protections', legalProtectionSchema, legalProtectionInputSchema, legalProtectionUpdateSchema);
  section('professionals', 'professionals', professionalSchema, professionalInputSchema, professionalUpdateSchema);
}
