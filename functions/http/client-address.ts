/**
 * The citizen's address, for the per-network quiet limits. Only its /24 or /64 bucket is
 * ever stored; the address itself is never logged or stored.
 *
 * Trust. A client can send any header, so an address header is believed only when the request
 * proves it came through this deployment's CloudFront: CloudFront adds the origin-verify header
 * (a secret from Secrets Manager, rotated; see origin-verify.ts) to every origin request, and
 * overwrites any `CloudFront-Viewer-Address` (`ip:port`) a client sent. Without that proof the
 * API Gateway event's own `identity.sourceIp` is used: the peer API Gateway saw, which no header
 * moves. `X-Forwarded-For` is never read (its first entries are the client's to choose).
 * Locally, @hono/node-server's socket address.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export type ClientAddressResolver = (c: Context) => string | undefined | Promise<string | undefined>;

/** Tells whether an origin-verify header value is one of the deployment's current secrets. */
export type OriginVerifier = (value: string | undefined) => Promise<boolean>;

/** The header CloudFront adds to every request it sends to the public API. */
export const ORIGIN_VERIFY_HEADER = 'x-kmpj-origin-verify';

/** `1.2.3.4:5678` → `1.2.3.4`; `[2001:db8::1]:443` or `2001:db8::1:443`-style → the address. */
export function stripPort(viewer: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(viewer);
  if (bracketed) return bracketed[1]!;
  const colons = viewer.split(':').length - 1;
  if (colons === 1) return viewer.split(':')[0]!;
  // IPv6 with a port appended without brackets (CloudFront's format): drop the last group.
  if (colons > 1 && /:\d{1,5}$/.test(viewer) && viewer.split(':').length === 9)
    return viewer.slice(0, viewer.lastIndexOf(':'));
  return viewer;
}

interface LambdaEnv {
  event?: { requestContext?: { identity?: { sourceIp?: string } } };
}

/**
 * For Lambda: `CloudFront-Viewer-Address` when the origin-verify header holds a current secret,
 * else the event's source address. Without a verifier (no secret configured) only the source.
 */
export const lambdaClientAddress =
  (verify?: OriginVerifier): ClientAddressResolver =>
  async (c) => {
    const source = (c.env as LambdaEnv | undefined)?.event?.requestContext?.identity?.sourceIp;
    const viewer = c.req.header('cloudfront-viewer-address');
    if (viewer && verify && (await verify(c.req.header(ORIGIN_VERIFY_HEADER)))) return stripPort(viewer);
    return source;
  };

/** For the local server: the socket's peer address. */
export const nodeClientAddress: ClientAddressResolver = (c) => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // app.request() in tests has no socket.
    return undefined;
  }
};

/** Picks the Lambda resolver when running in Lambda, else the socket's address. */
export const defaultClientAddress =
  (verify?: OriginVerifier): ClientAddressResolver =>
  (c) =>
    (c.env as LambdaEnv | undefined)?.event ? lambdaClientAddress(verify)(c) : nodeClientAddress(c);
