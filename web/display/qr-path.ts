/**
 * The QR code as one SVG path, drawn client-side. The encoder is the `qrcode` package the server
 * already uses for printed posters (complete ISO/IEC 18004: byte mode, error-correction levels,
 * mask selection); esbuild bundles it for the browser (~9.5 KB gzipped), and only its matrix is used
 * here, so no canvas, no data: URL and no inline style is needed under the page's CSP.
 */
import { create } from 'qrcode';

/** Modules of white margin around the code; 4 is what the standard asks of scanners. */
export const QUIET_ZONE = 4;

/** An SVG path (`M x y h1 v1 h-1 z` per dark module) and the side of its square viewBox, margin included. */
export interface QrPath {
  size: number;
  d: string;
}

/**
 * Encodes `text` at level M (15 % recovery): the display is clean and well lit, and a lower level
 * keeps the modules large enough to scan from across the counter.
 */
export function qrPath(text: string): QrPath {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const parts: string[] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      // Runs of dark modules in a row become one rectangle: a third of the path's length.
      if (!modules.data[row * n + col]) continue;
      let run = 1;
      while (col + run < n && modules.data[row * n + col + run]) run++;
      parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h${run}v1h-${run}z`);
      col += run - 1;
    }
  }
  return { size: n + 2 * QUIET_ZONE, d: parts.join('') };
}
