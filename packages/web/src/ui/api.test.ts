import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiDownload, apiFetch, apiRequest, applyFieldErrors, fieldErrorsToFormErrors, filenameOf, normalisePath } from './api';

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

afterEach(() => vi.unstubAllGlobals());

describe('apiFetch', () => {
  it('sends the CSRF header and same-origin credentials, and parses JSON', async () => {
    const fetchMock = stubFetch(json({ name: 'Maillon' }));
    await expect(apiFetch('/api/v1/meta')).resolves.toEqual({ name: 'Maillon' });
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/v1/meta');
    expect(init.credentials).toBe('same-origin');
    expect(new Headers(init.headers).get('X-Requested-With')).toBe('maillon');
  });

  it('serialises a JSON body with its content type', async () => {
    const fetchMock = stubFetch(new Response(null, { status: 204 }));
    await expect(apiFetch('/api/v1/things', { method: 'POST', body: { a: 1 } })).resolves.toBeUndefined();
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.body).toBe('{"a":1}');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
  });

  it('turns a problem+json answer into an ApiError with field errors', async () => {
    stubFetch(
      json(
        {
          type: 'about:blank',
          title: 'Validation failed',
          status: 422,
          detail: 'Le formulaire contient des erreurs.',
          code: 'validation_failed',
          instance: '/api/v1/things',
          correlationId: 'c-123',
          errors: [
            { path: 'address.city', message: 'Obligatoire', code: 'required' },
            { path: '/items/0/name', message: 'Trop long', code: 'too_long' },
          ],
        },
        422,
        'application/problem+json',
      ),
    );
    const error = await apiFetch('/api/v1/things').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_failed',
      title: 'Validation failed',
      detail: 'Le formulaire contient des erreurs.',
      correlationId: 'c-123',
      fieldErrors: [
        { path: 'address.city', message: 'Obligatoire', code: 'required' },
        { path: 'items.0.name', message: 'Trop long', code: 'too_long' },
      ],
    });
  });

  it('keeps the status of a non-JSON error and reports network failures as status 0', async () => {
    stubFetch(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    await expect(apiFetch('/api/v1/meta')).rejects.toMatchObject({ status: 502, code: 'http_502' });
    stubFetch(new TypeError('Failed to fetch'));
    await expect(apiFetch('/api/v1/meta')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('rejects a 2xx that is not JSON (e.g. an HTML fallback page)', async () => {
    stubFetch(new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    await expect(apiFetch('/api/v1/meta')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('field errors', () => {
  it('normalises paths to the dotted form', () => {
    expect(normalisePath('a.b')).toBe('a.b');
    expect(normalisePath('/a/0/b~1c')).toBe('a.0.b/c');
    expect(normalisePath(['a', 0, 'b'])).toBe('a.0.b');
  });

  it('maps field errors onto a form, first message per path, skipping errors without a path', () => {
    expect(
      fieldErrorsToFormErrors([
        { path: 'email', message: 'Invalide', code: 'invalid' },
        { path: 'email', message: 'Déjà utilisé', code: 'taken' },
        { path: '', message: 'Global', code: 'x' },
      ]),
    ).toEqual({ email: 'Invalide' });

    const form = { setErrors: vi.fn() };
    const error = new ApiError({ status: 422, code: 'v', title: 't', fieldErrors: [{ path: 'a.b', message: 'm', code: 'c' }] });
    expect(applyFieldErrors(form, error)).toBe(true);
    expect(form.setErrors).toHaveBeenCalledWith({ 'a.b': 'm' });
    expect(applyFieldErrors(form, new Error('x'))).toBe(false);
  });
});

describe('answers with headers, waits, current state and files', () => {
  it('apiRequest returns the headers, e.g. the ETag to send back as If-Match', async () => {
    stubFetch(new Response(JSON.stringify({ version: 3 }), { status: 200, headers: { 'Content-Type': 'application/json', ETag: '"3"' } }));
    const { data, headers, status } = await apiRequest<{ version: number }>('/api/v1/identity/organisation');
    expect(data).toEqual({ version: 3 });
    expect(status).toBe(200);
    expect(headers.get('ETag')).toBe('"3"');
  });

  it('keeps Retry-After of a 429 in seconds', async () => {
    stubFetch(
      new Response(JSON.stringify({ code: 'rate_limited', title: 'Too many requests', status: 429 }), {
        status: 429,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '42' },
      }),
    );
    await expect(apiFetch('/api/v1/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({ status: 429, retryAfter: 42 });
  });

  it('keeps the current state sent with a 412', async () => {
    stubFetch(
      json(
        { code: 'precondition_failed', title: 'Changed', status: 412, current: { name: 'Autre', version: 4 } },
        412,
        'application/problem+json',
      ),
    );
    await expect(apiFetch('/api/v1/identity/organisation', { method: 'PATCH', body: {} })).rejects.toMatchObject({
      status: 412,
      current: { name: 'Autre', version: 4 },
    });
  });

  it('apiDownload returns the file and its name, and the same ApiError as apiFetch on refusal', async () => {
    const fetchMock = stubFetch(
      new Response('\uFEFFid;action\r\n', {
        status: 200,
        headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="journal-audit-2026-03-12.csv"' },
      }),
    );
    const file = await apiDownload('/api/v1/audit/events/export');
    expect(file.filename).toBe('journal-audit-2026-03-12.csv');
    expect(await file.blob.text()).toContain('id;action');
    expect(new Headers((fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].headers).get('X-Requested-With')).toBe('maillon');

    stubFetch(json({ code: 'step_up_required', title: 'Confirm', status: 403 }, 403, 'application/problem+json'));
    await expect(apiDownload('/api/v1/audit/events/export')).rejects.toMatchObject({ status: 403, code: 'step_up_required' });
  });

  it('reads quoted, unquoted and encoded file names', () => {
    expect(filenameOf('attachment; filename="a b.csv"')).toBe('a b.csv');
    expect(filenameOf('attachment; filename=plain.csv')).toBe('plain.csv');
    expect(filenameOf("attachment; filename*=UTF-8''journal%20d%C3%A9but.csv")).toBe('journal début.csv');
    expect(filenameOf(null)).toBeUndefined();
  });
});
