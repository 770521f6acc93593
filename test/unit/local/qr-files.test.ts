import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeQrFiles } from '../../../local/qr-files';
import { decodeQrPng } from '../../fixtures/qr';

describe('demo QR images', () => {
  it('decode back to the exact form URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmpj-qr-'));
    const forms = [
      {
        servicePointId: '130628001-01',
        name: 'a',
        token: 't',
        url: 'http://127.0.0.1:3000/f/?t=-m5fPJo9jvIaEIV-OUW0qlsnAcl',
      },
      {
        servicePointId: '130628001-02',
        name: 'b',
        token: 't',
        url: 'https://pj.hebei.gov.cn/f/?t=MQQLF2atmoY2-9kNECF_z5oq70s',
      },
    ];
    const files = await writeQrFiles(dir, forms);
    expect(files).toHaveLength(4);
    for (const f of forms) {
      expect(decodeQrPng(join(dir, `${f.servicePointId}.png`))).toBe(f.url);
      expect(readFileSync(join(dir, `${f.servicePointId}.svg`), 'utf8')).toMatch(/^<svg/);
    }
  });
});
