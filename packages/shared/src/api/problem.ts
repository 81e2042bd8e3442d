import { z } from 'zod';
import { errorCodes } from './errors.ts';

export const fieldErrorSchema = z.object({
  path: z.string().describe('Dotted path of the field, e.g. `body.address.postcode`'),
  message: z.string(),
  code: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, as every error of the API is returned. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.enum(errorCodes).describe('A stable code of the error catalogue (`plan.already_open`…); the web words it'),
  correlationId: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
  current: z.unknown().optional().describe('The current state of the resource, on 412'),
});
export type Problem = z.infer<typeof problemSchema>;
