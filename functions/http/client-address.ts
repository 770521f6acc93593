/**
 * The citizen's address, for the per-network quiet limits. Only its /24 or /64 bucket is
 * ever stored; the address itself is never logged or stored.
 *
 * Trust assumption. In AWS the public API is reached only through CloudFront (infra must enforce
 * it, e.g. with a secret origin header or WAF rule on the REST API): then `CloudFront-Viewer-Address`
 * (`ip:port`, added by CloudFront when the origin request policy forwards it, and overwritten if a
 * client sends one) is the viewer's address. X-Forwarded-For is a poor fallback: CloudFront
 * *appends* the viewer's address to whatever the client sent, so its *first* entry can be forged;
 * only the entry `trustedHops` from the right is trustworthy (CloudFront, then API Gateway, append).
 * Without CloudFront in front (direct API Gateway), the REST event's `identity.sourceIp` is used.
 * Locally, @hono/node-server's socket address.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export type ClientAddressResolver = (c: Context) => string | undefined;

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

/** The X-Forwarded-For entry appended by the `hops`-th trusted proxy counted from the right. */
export function forwardedFor(header: string | undefined, hops: number): string | undefined {
  const entries = (header ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries[entries.length - hops];
}

interface LambdaEnv {
  event?: { requestContext?: { identity?: { sourceIp?: string } } };
}

/** For Lambda behind CloudFront: the viewer address header, else X-Forwarded-For from the right, else sourceIp. */
export const lambdaClientAddress =
  (trustedHops = 2): ClientAddressResolver =>
  (c) => {
    const viewer = c.req.header('cloudfront-viewer-address');
    if (viewer) return stripPort(viewer);
    const forwarded = forwardedFor(c.req.header('x-forwarded-for'), trustedHops);
    if (forwarded) return forwarded;
    return (c.env as LambdaEnv | undefined)?.event?.requestContext?.identity?.sourceIp;
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
export const defaultClientAddress: ClientAddressResolver = (c) =>
  (c.env as LambdaEnv | undefined)?.event ? lambdaClientAddress()(c) : nodeClientAddress(c);
