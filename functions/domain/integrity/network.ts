/**
 * Network buckets: the quiet limits count ballots per network, not per address, because one
 * household or one office shares a /64 (IPv6) or sits behind one /24 (IPv4). Only the bucket is
 * ever stored; the full address is neither stored nor logged.
 */

/**
 * The one bucket of every ballot whose address is missing or cannot be parsed. It is capped like
 * an IPv4 /24 (never exempt): an address nobody can read must not buy a ballot a free pass.
 */
export const UNKNOWN_NETWORK: NetworkBucket = { family: 4, bucket: 'unknown' };

/** A client network: `203.0.113.0/24` or `2001:db8:1:2::/64`. */
export interface NetworkBucket {
  family: 4 | 6;
  bucket: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIpv4(address: string): number[] | undefined {
  const m = IPV4.exec(address);
  if (!m) return undefined;
  const parts = m.slice(1, 5).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** Expands an IPv6 address into its eight 16-bit groups, or undefined when it is not one. */
function parseIpv6(address: string): number[] | undefined {
  const zoneless = address.split('%')[0]!.toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(zoneless) || !zoneless.includes(':')) return undefined;
  let text = zoneless;
  // An embedded IPv4 tail (::ffff:1.2.3.4) is rewritten as two hex groups.
  const lastColon = text.lastIndexOf(':');
  const v4 = parseIpv4(text.slice(lastColon + 1));
  if (v4) {
    const hi = ((v4[0]! << 8) | v4[1]!).toString(16);
    const lo = ((v4[2]! << 8) | v4[3]!).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const head = toGroups(halves[0]!);
  const rest = halves.length === 2 ? toGroups(halves[1]!) : [];
  const given = head.length + rest.length;
  if (halves.length === 1 && given !== 8) return undefined;
  if (given > 8 || [...head, ...rest].some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return undefined;
  const zeros = halves.length === 2 ? new Array(8 - given).fill(0) : [];
  return [...head, ...zeros, ...rest];
}

/**
 * The bucket of a client address: /24 for IPv4, /64 for IPv6; an IPv4-mapped IPv6 address
 * (`::ffff:1.2.3.4`, as Node reports dual-stack sockets) counts as IPv4.
 * @returns undefined when the address cannot be parsed (the caller counts it in {@link UNKNOWN_NETWORK}).
 */
export function networkBucket(address: string | undefined): NetworkBucket | undefined {
  if (!address) return undefined;
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  const v4 = parseIpv4(trimmed);
  if (v4) return { family: 4, bucket: `${v4[0]}.${v4[1]}.${v4[2]}.0/24` };
  const v6 = parseIpv6(trimmed);
  if (!v6) return undefined;
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    return networkBucket(`${v6[6]! >> 8}.${v6[6]! & 255}.${v6[7]! >> 8}.${v6[7]! & 255}`);
  }
  return {
    family: 6,
    bucket: `${v6
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(':')}::/64`,
  };
}

/** True when `address` lies in one of the CIDR ranges (IPv4 or IPv6); malformed ranges match nothing. */
export function inRanges(address: string | undefined, ranges: readonly string[]): boolean {
  if (!address || ranges.length === 0) return false;
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  const bits = addressBits(trimmed);
  if (!bits) return false;
  return ranges.some((range) => {
    const [base, lenText] = range.split('/');
    const baseBits = addressBits(base ?? '');
    if (!baseBits || baseBits.length !== bits.length) return false;
    const len = lenText === undefined ? bits.length : Number(lenText);
    if (!Number.isInteger(len) || len < 0 || len > bits.length) return false;
    return bits.slice(0, len) === baseBits.slice(0, len);
  });
}

/** The address as a string of 32 or 128 bits; IPv4-mapped IPv6 becomes IPv4. */
function addressBits(address: string): string | undefined {
  const v4 = parseIpv4(address);
  const bin = (n: number, w: number) => n.toString(2).padStart(w, '0');
  if (v4) return v4.map((p) => bin(p, 8)).join('');
  const v6 = parseIpv6(address);
  if (!v6) return undefined;
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    return [v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255].map((p) => bin(p, 8)).join('');
  }
  return v6.map((g) => bin(g, 16)).join('');
}
