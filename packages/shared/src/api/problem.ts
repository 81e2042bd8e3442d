import { z } from 'zod';
import { journalErrorCodes, type JournalErrorCode } from '../coordination/journal.ts';

/** Stable error codes: an API contract, never renamed (STYLE.md 4, 7). */
const baseErrorCodes = [
  'validation_failed',
  'malformed_json',
  'unsupported_media_type',
  'payload_too_large',
  'not_found',
  'route_not_found',
  'unauthenticated',
  'session_expired',
  'forbidden',
  'csrf_rejected',
  'mfa_required',
  'step_up_required',
  'precondition_required',
  'precondition_failed',
  'idempotency_in_progress',
  'idempotency_key_reused',
  'conflict',
  'invalid_transition',
  'rate_limited',
  'service_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof baseErrorCodes)[number] | JournalErrorCode;
/** The base codes, then the dotted codes each module declares in one place (the journal's: `journalErrors`). */
export const errorCodes = [...baseErrorCodes, ...journalErrorCodes] as [ErrorCode, ...ErrorCode[]];

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
  code: z.enum(errorCodes),
  correlationId: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
  current: z.unknown().optional().describe('The current state of the resource, on 412'),
});
export type Problem = z.infer<typeof problemSchema>;
