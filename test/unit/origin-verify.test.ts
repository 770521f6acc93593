import { describe, expect, it } from 'vitest';
import { stripPort } from '../../functions/http/client-address';
import { originVerifier } from '../../functions/http/origin-verify';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('origin-verify header', () => {
  it('accepts every live stage of the secret and nothing else', async () => {
    const verify = originVerifier(async () => [A, B]);
    expect(await verify(A)).toBe(true);
    expect(await verify(B)).toBe(true);
    expect(await verify(`${A}x`)).toBe(false);
    expect(await verify(undefined)).toBe(false);
    expect(await verify('')).toBe(false);
  });

  it('takes up a rotation once the cached values are older than the TTL', async () => {
    let values = [A];
    let t = 0;
    let loads = 0;
    const verify = originVerifier(
      async () => {
        loads++;
        return values;
      },
      { ttlMs: 60_000, now: () => t },
    );
    expect(await verify(A)).toBe(true);
    values = [B, A];
    t = 30_000;
    expect(await verify(B)).toBe(false);
    t = 60_000;
    expect(await verify(B)).toBe(true);
    expect(await verify(A)).toBe(true);
    expect(loads).toBe(2);
  });

  it('refuses everything while the secret cannot be read, and reads again on the next request', async () => {
    let fail = true;
    const verify = originVerifier(async () => {
      if (fail) throw new Error('AccessDenied');
      return [A];
    });
    expect(await verify(A)).toBe(false);
    fail = false;
    expect(await verify(A)).toBe(true);
  });

  it('never accepts a secret too short to be one', async () => {
    const verify = originVerifier(async () => ['short', '']);
    expect(await verify('short')).toBe(false);
    expect(await verify('')).toBe(false);
  });

  it('strips the port CloudFront appends to the viewer address', () => {
    expect(stripPort('203.0.113.7:443')).toBe('203.0.113.7');
    expect(stripPort('2001:db8:1:2:3:4:5:6:443')).toBe('2001:db8:1:2:3:4:5:6');
    expect(stripPort('[2001:db8::1]:443')).toBe('2001:db8::1');
  });
});
