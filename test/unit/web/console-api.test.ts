import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, filenameFrom, queryString } from '../../../web/console/api';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (url: string) => Response) {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return respond(String(url));
  }) as unknown as typeof fetch;
  return { fn, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('console API client', () => {
  it('sends the bearer token and builds the query from set values only', async () => {
    const f = fakeFetch(() => json(200, { ok: true }));
    const api = createApiClient({
      base: '/api/console/v1',
      getToken: () => 'tok',
      onUnauthorized: () => {},
      fetchFn: f.fn,
    });
    await api.get('/responses', {
      nodeId: '130628',
      level: undefined,
      hasComment: '',
      cursor: null,
      limit: 50,
    });
    expect(f.calls[0]!.url).toBe('/api/console/v1/responses?nodeId=130628&limit=50');
    expect((f.calls[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('sends no Authorization header when signed out', async () => {
    const f = fakeFetch(() => json(200, {}));
    const api = createApiClient({ base: '', getToken: () => null, onUnauthorized: () => {}, fetchFn: f.fn });
    await api.get('/me');
    expect(f.calls[0]!.init.headers).not.toHaveProperty('Authorization');
  });

  it('posts JSON bodies', async () => {
    const f = fakeFetch(() => json(201, { questionnaireId: 'q', version: 1 }));
    const api = createApiClient({ base: '', getToken: () => 't', onUnauthorized: () => {}, fetchFn: f.fn });
    await expect(api.post('/questionnaires', { ownerId: '130628' })).resolves.toEqual({
      questionnaireId: 'q',
      version: 1,
    });
    expect(f.calls[0]!.init.method).toBe('POST');
    expect(f.calls[0]!.init.body).toBe('{"ownerId":"130628"}');
  });

  it('turns an error body into an ApiError with both languages and the field details', async () => {
    const body = {
      error: {
        code: 'VALIDATION_FAILED',
        message: '请求无效',
        messageEn: 'Invalid request',
        details: [{ field: 'content.title', message: '缺少', messageEn: 'missing' }],
      },
    };
    const api = createApiClient({
      base: '',
      getToken: () => 't',
      onUnauthorized: () => {},
      fetchFn: fakeFetch(() => json(422, body)).fn,
    });
    const err = await api.post('/x', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 422,
      code: 'VALIDATION_FAILED',
      message: '请求无效',
      messageEn: 'Invalid request',
    });
    expect((err as ApiError).details).toEqual(body.error.details);
  });

  it('calls onUnauthorized on a 401 and still rejects', async () => {
    const onUnauthorized = vi.fn();
    const api = createApiClient({
      base: '',
      getToken: () => 'old',
      onUnauthorized,
      fetchFn: fakeFetch(() =>
        json(401, { error: { code: 'UNAUTHORIZED', message: '请先登录', messageEn: 'Sign in' } }),
      ).fn,
    });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('reports a network failure as status 0 with a local message', async () => {
    const api = createApiClient({
      base: '',
      getToken: () => 't',
      onUnauthorized: () => {},
      fetchFn: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('describes a non-JSON error page by its status', async () => {
    const api = createApiClient({
      base: '',
      getToken: () => 't',
      onUnauthorized: () => {},
      fetchFn: fakeFetch(() => new Response('<html>bad gateway</html>', { status: 502 })).fn,
    });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('downloads files as blobs with the server-given name', async () => {
    const f = fakeFetch(
      () =>
        new Response('a,b', {
          status: 200,
          headers: {
            'Content-Disposition': 'attachment; filename="x.csv"; filename*=UTF-8\'\'%E8%AF%84%E4%BB%B7.csv',
          },
        }),
    );
    const api = createApiClient({ base: '/b', getToken: () => 't', onUnauthorized: () => {}, fetchFn: f.fn });
    const { blob, filename } = await api.blob('/exports/responses.csv', { nodeId: '130628' });
    expect(await blob.text()).toBe('a,b');
    expect(filename).toBe('评价.csv');
    expect((f.calls[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer t');
  });
});

describe('query strings and file names', () => {
  it('encodes values and leaves out empty ones', () => {
    expect(queryString({ a: '1 2', b: undefined, c: false, d: '' })).toBe('?a=1+2&c=false');
    expect(queryString({})).toBe('');
  });

  it('reads a plain filename when no encoded one is given', () => {
    expect(filenameFrom('attachment; filename="aggregates.xlsx"')).toBe('aggregates.xlsx');
    expect(filenameFrom(null)).toBeNull();
  });
});
