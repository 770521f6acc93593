/**
 * The console's HTTP client: every call carries the bearer token, every failure becomes an
 * {@link ApiError} with the server's bilingual message (or a local one for network trouble), and a
 * 401 signs the user out. Pure apart from the injected fetch, so it is unit-tested in Node.
 */
import type { ApiErrorBody, ApiFieldIssue } from './types';

/** A failed call: `status` 0 means no HTTP response arrived. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageEn: string;
  readonly details: ApiFieldIssue[];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.messageEn = body.messageEn || body.message;
    this.details = body.details ?? [];
  }
}

/** Query values; `undefined`, `null` and `''` are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x` from the set values of `q` (empty string when none). */
export function queryString(q: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Reads `{ error: {…} }` from a parsed body, or invents a plain one for `status`. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const e = (body as { error?: Partial<ApiErrorBody> } | null)?.error;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    return new ApiError(status, {
      code: e.code,
      message: e.message,
      messageEn: typeof e.messageEn === 'string' ? e.messageEn : e.message,
      details: Array.isArray(e.details) ? e.details : undefined,
    });
  }
  return new ApiError(status, {
    code: `HTTP_${status}`,
    message: `服务器返回错误（${status}）`,
    messageEn: `The server answered ${status}`,
  });
}

const NETWORK_ERROR = (): ApiError =>
  new ApiError(0, {
    code: 'NETWORK',
    message: '网络连接失败，请检查网络后重试',
    messageEn: 'Network error; check the connection and try again',
  });

export interface ApiClientOptions {
  /** Prefix of every path, e.g. `/api/console/v1`. */
  base: string;
  getToken(): string | null;
  /** Called once per 401, before the call rejects; the app goes back to sign-in. */
  onUnauthorized(): void;
  fetchFn?: typeof fetch;
}

/** The client the pages use. Paths are relative to `base`. */
export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  /** Downloads a file (PNG, SVG, CSV, XLSX) with the bearer token, which `<img src>` cannot send. */
  blob(path: string, query?: Query): Promise<{ blob: Blob; filename: string | null }>;
}

/** Picks the file name from `Content-Disposition` (RFC 6266 `filename*` first). */
export function filenameFrom(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // Malformed encoding: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1]!.trim() : null;
}

/** Creates the client; see {@link ApiClientOptions}. */
export function createApiClient(opts: ApiClientOptions): ApiClient {
  const fetchFn = opts.fetchFn ?? ((input, init) => fetch(input, init));

  async function send(method: string, path: string, query: Query | undefined, body: unknown, accept: string) {
    const headers: Record<string, string> = { Accept: accept };
    const token = opts.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchFn(`${opts.base}${path}${queryString(query)}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw NETWORK_ERROR();
    }
    if (res.ok) return res;
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      // Not JSON (a proxy's error page): described by status below.
    }
    if (res.status === 401) opts.onUnauthorized();
    throw errorFromBody(res.status, parsed);
  }

  async function json<T>(method: string, path: string, query?: Query, body?: unknown): Promise<T> {
    const res = await send(method, path, query, body, 'application/json');
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw errorFromBody(res.status, null);
    }
  }

  return {
    get: (path, query) => json('GET', path, query),
    post: (path, body) => json('POST', path, undefined, body ?? {}),
    put: (path, body) => json('PUT', path, undefined, body),
    patch: (path, body) => json('PATCH', path, undefined, body),
    async blob(path, query) {
      const res = await send('GET', path, query, undefined, '*/*');
      return { blob: await res.blob(), filename: filenameFrom(res.headers.get('Content-Disposition')) };
    },
  };
}
