import type { FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';

/**
 * Step-up (SEC-SESS-06): the caller's last authentication must be at most `STEP_UP_SECONDS` old
 * (default 5 minutes), else 403 `step_up_required` and the client asks for the password again
 * (`POST /auth/reauthenticate`). Routes that change rights declare `stepUp: true` and the auth
 * plugin calls this for them; routes where it depends on the body call it themselves.
 */
export function requireRecentAuth(req: FastifyRequest, maxAgeMs = req.server.deps.config.STEP_UP_SECONDS * 1000): void {
  if (!req.auth) throw new AppError('unauthenticated', 'Please sign in.');
  if (Date.now() - req.auth.authenticatedAt.getTime() > maxAgeMs) {
    throw new AppError('step_up_required', 'Confirm your password to continue.');
  }
}
