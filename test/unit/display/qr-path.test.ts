import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrPath } from '../../../web/display/qr-path';

/** Paints the path's rectangles into an RGBA bitmap, `scale` pixels per module, as a screen would. */
function rasterize({ size, d }: { size: number; d: string }, scale = 4) {
  const w = size * scale;
  const px = new Uint8ClampedArray(w * w * 4).fill(255);
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, run] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let yy = y * scale; yy < (y + 1) * scale; yy++)
      for (let xx = x * scale; xx < (x + run) * scale; xx++)
        px.fill(0, (yy * w + xx) * 4, (yy * w + xx) * 4 + 3);
  }
  return { px, w };
}

describe('QR path', () => {
  it('draws a code that a scanner reads back as the exact URL', () => {
    const url = 'https://pj.example.gov.cn/f/?t=AbCdEfGhIjKlMnOpQrStUvWxYz01&b=RAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const { px, w } = rasterize(qrPath(url));
    expect(jsQR(px, w, w)?.data).toBe(url);
  });

  it('leaves the standard quiet zone free around the code', () => {
    const { d } = qrPath('https://pj.example.gov.cn/f/?t=x');
    const coords = [...d.matchAll(/M(\d+) (\d+)/g)].flatMap((m) => [Number(m[1]), Number(m[2])]);
    expect(Math.min(...coords)).toBe(QUIET_ZONE);
  });
});
