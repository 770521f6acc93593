import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  deterministicTokenId,
  formUrl,
  newTokenId,
  parseQrToken,
  QR_TOKEN_LENGTH,
  signQrToken,
  verifyQrSignature,
} from '../../../functions/domain/qr-token';

const key = randomBytes(32);
const binding = { tokenId: newTokenId(), servicePointId: '130628001-01', questionnaireId: 'window-service' };

describe('QR tokens', () => {
  it('round-trips: a signed token parses and verifies against its binding', () => {
    const token = signQrToken(key, binding);
    expect(token).toHaveLength(QR_TOKEN_LENGTH);
    const parsed = parseQrToken(token)!;
    expect(parsed.tokenId).toBe(binding.tokenId);
    expect(verifyQrSignature(key, binding, parsed.sig)).toBe(true);
  });

  it('fails verification when the binding, the key or one character changes', () => {
    const token = signQrToken(key, binding);
    const { sig } = parseQrToken(token)!;
    expect(verifyQrSignature(key, { ...binding, servicePointId: '130628001-02' }, sig)).toBe(false);
    expect(verifyQrSignature(randomBytes(32), binding, sig)).toBe(false);
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    expect(verifyQrSignature(key, binding, flipped)).toBe(false);
  });

  it('refuses strings that cannot be tokens', () => {
    expect(parseQrToken('short')).toBeUndefined();
    expect(parseQrToken(`${'a'.repeat(QR_TOKEN_LENGTH - 1)}/`)).toBeUndefined();
  });

  it('derives the same demo token id from the same key and seed', () => {
    expect(deterministicTokenId(key, 'sp-1')).toBe(deterministicTokenId(key, 'sp-1'));
    expect(deterministicTokenId(key, 'sp-1')).not.toBe(deterministicTokenId(key, 'sp-2'));
  });

  it('builds the form URL without doubled slashes', () => {
    expect(formUrl('https://pj.example.gov.cn/', 'TOKEN')).toBe('https://pj.example.gov.cn/f/?t=TOKEN');
    expect(formUrl('https://pj.example.gov.cn', 'TOKEN', '/f/index.html')).toBe(
      'https://pj.example.gov.cn/f/index.html?t=TOKEN',
    );
  });
});
