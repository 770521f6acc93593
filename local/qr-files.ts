/** Writes each demo QR code as PNG (for screens) and SVG (for print). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import QRCode from 'qrcode';
import type { DemoForm } from './seed';

/** Error correction M survives smudges on a window sticker while keeping the code coarse. */
const options = { errorCorrectionLevel: 'M', margin: 2 } as const;

export async function writeQrFiles(dir: string, forms: readonly DemoForm[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of forms) {
    const png = join(dir, `${f.servicePointId}.png`);
    const svg = join(dir, `${f.servicePointId}.svg`);
    await QRCode.toFile(png, f.url, { ...options, type: 'png', width: 480 });
    await writeFile(svg, await QRCode.toString(f.url, { ...options, type: 'svg' }));
    written.push(png, svg);
  }
  return written;
}
