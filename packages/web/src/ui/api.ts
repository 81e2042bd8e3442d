/**
 * The one way the web app talks to the API: JSON in, JSON out, RFC 9457 problem details turned into `ApiError`.
 */

/** A validation error on one input field, as sent in a problem's `errors` array. `path` is dotted (`address.city`, `items.0.name`). */
export interface FieldError {
  path: string;
  message: string;
  code: string;
}

export interface ApiErrorInit {
  status: number;
  code: string;
  title: string;
  detail?: string | undefined;
  type?: string | undefined;
  instance?: string | undefined;
  correlationId?: string | undefined;
  fieldErrors?: FieldError[] | undefined;
  /** Seconds to wait, from the `Retry-After` header of a 429 (or 503). */
  retryAfter?: number | undefined;
  /** The resource's current state, sent with a 412 `precondition_failed`. */
  current?: unknown;
}

/** Codes set by `apiFetch` itself, when the server could not be reached or did not answer with JSON. */
export const CLIENT_ERROR_CODES = {
  network: 'network_error',
  invalidResponse: 'invalid_response',
} as const;

/** Thrown by `apiFetch` for every failed call. `status` is 0 when the server could not be reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  readonly instance: string | undefined;
  readonly correlationId: string | undefined;
  readonly fieldErrors: FieldError[];
  readonly retryAfter: number | undefined;
  readonly current: unknown;

  constructor(init: ApiErrorInit, options?: { cause?: unknown }) {
    super(init.detail ?? init.title, options);
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type;
    this.instance = init.instance;
    this.correlationId = init.correlationId;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfter = init.retryAfter;
    this.current = init.current;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** `RequestInit` whose `body` may be any JSON value (serialised for you); FormData, Blob, URLSearchParams and strings pass through. */
export interface ApiRequestInit extends Omit<RequestInit, 'body'> {
  body?: unknown;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

function isRawBody(body: unknown): body is BodyInit {
  return (
    typeof body === 'string' ||
    body instanceof FormData ||
    body instanceof Blob ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}

/** A successful answer with its headers (e.g. `ETag`, to send back as `If-Match`). */
export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

/**
 * Calls the API on the same origin. Always sends `X-Requested-With: maillon` (the server's CSRF defence) and
 * same-origin credentials. Resolves with the parsed JSON body (`undefined` for 204 / empty bodies); rejects with
 * an `ApiError` on network failure, non-2xx status, or a 2xx that is not JSON.
 */
export async function apiFetch<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
  return (await apiRequest<T>(path, init)).data;
}

/** `apiFetch` that also returns the status and headers of the answer. */
export async function apiRequest<T>(path: string, init: ApiRequestInit = {}): Promise<ApiResponse<T>> {
  const response = await send(path, init);
  const correlationHeader = correlationOf(response);
  const text = await response.text();
  const result = (data: T): ApiResponse<T> => ({ data, status: response.status, headers: response.headers });
  if (response.status === 204 || text === '') return result(undefined as T);
  if (!JSON_TYPE.test(response.headers.get('Content-Type') ?? '')) {
    throw new ApiError({
      status: response.status,
      code: CLIENT_ERROR_CODES.invalidResponse,
      title: 'Unexpected response',
      correlationId: correlationHeader,
    });
  }
  try {
    return result(JSON.parse(text) as T);
  } catch (cause) {
    throw new ApiError(
      { status: response.status, code: CLIENT_ERROR_CODES.invalidResponse, title: 'Invalid JSON', correlationId: correlationHeader },
      { cause },
    );
  }
}

/** A file from the API (CSV export…), fetched like any call so that errors (e.g. `step_up_required`) are `ApiError`s. */
export async function apiDownload(path: string, init: ApiRequestInit = {}): Promise<{ blob: Blob; filename: string | undefined }> {
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', '*/*');
  const response = await send(path, { ...init, headers });
  return { blob: await response.blob(), filename: filenameOf(response.headers.get('Content-Disposition')) };
}

/** The `filename` of a `Content-Disposition: attachment; filename="…"` header. */
export function filenameOf(disposition: string | null): string | undefined {
  const match = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** Sends the request and rejects with an `ApiError` unless the answer is 2xx. */
async function send(path: string, init: ApiRequestInit): Promise<Response> {
  const { body, headers: initHeaders, ...rest } = init;
  const headers = new Headers(initHeaders);
  headers.set('X-Requested-With', 'maillon');
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json');
  const language = typeof document === 'undefined' ? '' : document.documentElement.lang;
  if (language && !headers.has('Accept-Language')) headers.set('Accept-Language', language);

  let requestBody: BodyInit | undefined;
  if (body !== undefined) {
    if (isRawBody(body)) {
      requestBody = body;
    } else {
      requestBody = JSON.stringify(body);
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    }
  }

  let response: Response;
  try {
    response = await fetch(path, { ...rest, headers, body: requestBody, credentials: 'same-origin' });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause; // Cancelled on purpose: not an error to show.
    throw new ApiError({ status: 0, code: CLIENT_ERROR_CODES.network, title: 'Network error', detail: undefined }, { cause });
  }
  if (!response.ok) throw await problemToError(response, correlationOf(response));
  return response;
}

const correlationOf = (response: Response) => response.headers.get('X-Correlation-Id') ?? response.headers.get('X-Request-Id') ?? undefined;

/** `Retry-After` in seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('Retry-After')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

async function problemToError(response: Response, correlationHeader: string | undefined): Promise<ApiError> {
  let problem: Record<string, unknown> = {};
  if (JSON_TYPE.test(response.headers.get('Content-Type') ?? '')) {
    try {
      const parsed: unknown = await response.json();
      if (parsed !== null && typeof parsed === 'object') problem = parsed as Record<string, unknown>;
    } catch {
      // A broken body still yields an ApiError carrying the status.
    }
  }
  return new ApiError({
    status: response.status,
    code: str(problem.code) ?? `http_${response.status}`,
    title: str(problem.title) ?? response.statusText,
    detail: str(problem.detail),
    type: str(problem.type),
    instance: str(problem.instance),
    correlationId: str(problem.correlationId) ?? correlationHeader,
    fieldErrors: Array.isArray(problem.errors) ? problem.errors.flatMap(toFieldError) : [],
    retryAfter: retryAfterOf(response),
    current: problem.current,
  });
}

function toFieldError(raw: unknown): FieldError[] {
  if (raw === null || typeof raw !== 'object') return [];
  const { path, message, code } = raw as Record<string, unknown>;
  if (typeof message !== 'string') return [];
  return [{ path: normalisePath(path), message, code: typeof code === 'string' ? code : 'invalid' }];
}

/** Accepts `a.b`, a JSON Pointer (`/a/0/b`) or a path array (`['a', 0, 'b']`) and returns the dotted form `a.0.b`. */
export function normalisePath(path: unknown): string {
  if (Array.isArray(path)) return path.map(String).join('.');
  if (typeof path !== 'string') return '';
  if (!path.startsWith('/')) return path;
  return path
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
}

/** Field errors keyed by dotted path, the shape Mantine's `form.setErrors` expects. Errors without a path are left out. */
export function fieldErrorsToFormErrors(fieldErrors: readonly FieldError[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { path, message } of fieldErrors) {
    if (path !== '' && !(path in errors)) errors[path] = message;
  }
  return errors;
}

/**
 * Shows an `ApiError`'s field errors on a Mantine form (`useForm()` from @mantine/form, or anything with `setErrors`).
 * Returns true when at least one field error was set, so the caller knows whether to show a general message instead.
 */
export function applyFieldErrors(form: { setErrors: (errors: Record<string, string>) => void }, error: unknown): boolean {
  if (!isApiError(error)) return false;
  const errors = fieldErrorsToFormErrors(error.fieldErrors);
  if (Object.keys(errors).length === 0) return false;
  form.setErrors(errors);
  return true;
}
