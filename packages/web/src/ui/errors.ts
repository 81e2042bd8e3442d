import type { TFunction } from 'i18next';
import { CLIENT_ERROR_CODES, isApiError } from './api';

export interface ErrorDescription {
  /** A sentence in the UI language, safe to show to the coordinator. */
  message: string;
  /** The API's correlation id, to quote to support. */
  correlationId: string | undefined;
}

/**
 * Turns anything thrown into a message for the user. The server's own `detail` wins for 4xx answers (it is the most
 * specific and is requested in the UI language); otherwise a translated message chosen from the status.
 * Never shows a stack trace or a technical message from a render error.
 */
export function describeError(error: unknown, t: TFunction): ErrorDescription {
  if (!isApiError(error)) return { message: t('errors.unexpected'), correlationId: undefined };
  const { status, code, detail, correlationId } = error;
  if (code === CLIENT_ERROR_CODES.network) return { message: t('errors.network'), correlationId };
  if (code === CLIENT_ERROR_CODES.invalidResponse) return { message: t('errors.invalidResponse'), correlationId };
  if (detail && status >= 400 && status < 500) return { message: detail, correlationId };
  return { message: t(statusMessageKey(status)), correlationId };
}

function statusMessageKey(status: number) {
  if (status === 401) return 'errors.unauthorized' as const;
  if (status === 403) return 'errors.forbidden' as const;
  if (status === 404) return 'errors.notFound' as const;
  if (status === 409 || status === 412) return 'errors.conflict' as const;
  if (status === 429) return 'errors.rateLimited' as const;
  if (status >= 500) return 'errors.server' as const;
  return 'errors.unexpected' as const;
}
