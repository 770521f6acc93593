/**
 * Sends an agency file with byte progress. `fetch` reports no upload progress, so both paths use
 * XMLHttpRequest: the presigned PUT straight to S3 (no bearer token: the URL is the authorization)
 * and the direct POST to the console API (with the token, as the API client sends it).
 */
import { ApiError, errorFromBody } from '../api';
import { tokenStore } from '../session';

/** The console API's base path (the same as main.ts gives the API client). */
const API_BASE = '/api/console/v1';

export interface Sent {
  loaded: number;
  total: number;
}

interface XhrRequest {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: Blob | string;
  onProgress(p: Sent): void;
}

/** Resolves with the status and the response text of any HTTP answer; rejects only when none came. */
function xhr(req: XhrRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open(req.method, req.url);
    for (const [k, v] of Object.entries(req.headers)) x.setRequestHeader(k, v);
    x.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) req.onProgress({ loaded: e.loaded, total: e.total });
    });
    x.addEventListener('load', () => resolve({ status: x.status, text: x.responseText }));
    x.addEventListener('error', () => reject(new Error('network')));
    x.addEventListener('abort', () => reject(new Error('abort')));
    x.send(req.body);
  });
}

const networkError = () =>
  new ApiError(0, {
    code: 'NETWORK',
    message: '网络连接失败，文件未发出，请检查网络后重试',
    messageEn: 'Network error: the file was not sent; check the connection and try again',
  });

/**
 * PUTs the file to a presigned S3 URL with exactly the signed headers. The browser sets
 * Content-Length itself (scripts may not), from the file: the size the URL was signed for.
 */
export async function putToBucket(
  url: string,
  headers: Record<string, string>,
  file: Blob,
  onProgress: (p: Sent) => void,
): Promise<void> {
  const { 'Content-Length': _set_by_the_browser, ...sendable } = headers;
  let res: { status: number; text: string };
  try {
    res = await xhr({ method: 'PUT', url, headers: sendable, body: file, onProgress });
  } catch {
    throw networkError();
  }
  if (res.status < 200 || res.status >= 300) {
    throw new ApiError(res.status, {
      code: 'UPLOAD_STORAGE_REFUSED',
      message: `存储桶拒收文件（HTTP ${res.status}），链接可能已过期，请重新上传`,
      messageEn: `The bucket refused the file (HTTP ${res.status}); the link may have expired, upload again`,
    });
  }
}

/** POSTs a JSON text to a console route (`path` relative to the API base) and returns its JSON answer. */
export async function postToConsole<T>(
  path: string,
  json: string,
  onProgress: (p: Sent) => void,
): Promise<T> {
  const token = tokenStore(sessionStorageOrNull()).get();
  let res: { status: number; text: string };
  try {
    res = await xhr({
      method: 'POST',
      url: `${API_BASE}${path}`,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: json,
      onProgress,
    });
  } catch {
    throw networkError();
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(res.text);
  } catch {
    // Not JSON (a proxy's error page): described by its status below.
  }
  if (res.status < 200 || res.status >= 300) throw errorFromBody(res.status, parsed);
  return parsed as T;
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
