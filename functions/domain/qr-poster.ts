/**
 * Printable A4 SVGs: a poster for one QR code, and a sheet of labelled codes for a whole unit.
 * Units are millimetres (viewBox 210 × 297), so a browser prints them at true size. The QR code
 * is embedded as the vector `<svg>` that `qrcode` produces, nested with its own viewBox. All
 * text is XML-escaped: unit and window names are typed by staff.
 */

const A4 = { w: 210, h: 297 } as const;
const FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";
const ACCENT = '#1d4e89';

/** Escapes text for XML content and attribute values. */
export const xmlEscape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * Places a `qrcode` SVG document at (x, y) with the given size: the root element gets position
 * attributes and keeps its viewBox, so the modules scale as vectors.
 */
export function placeQr(qrSvg: string, x: number, y: number, size: number): string {
  const start = qrSvg.indexOf('<svg');
  if (start < 0) throw new Error('not an SVG document');
  return qrSvg.slice(start).trim().replace('<svg', `<svg x="${x}" y="${y}" width="${size}" height="${size}"`);
}

/** Font size (mm) that fits `text` into `width`: CJK glyphs are about 1 em wide, Latin about 0.55 em. */
function fitSize(text: string, width: number, max: number): number {
  const ems = [...text].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 1 : 0.55), 0);
  return Math.round(Math.min(max, width / Math.max(ems, 1)) * 10) / 10;
}

const textLine = (x: number, y: number, size: number, text: string, attrs = '') =>
  `<text x="${x}" y="${y}" font-size="${size}" text-anchor="middle"${attrs}>${xmlEscape(text)}</text>`;

const svgOpen = (pages: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${A4.w}mm" height="${A4.h * pages}mm" ` +
  `viewBox="0 0 ${A4.w} ${A4.h * pages}" font-family="${FONT}">`;

export interface PosterInput {
  unitName: string;
  servicePointName: string;
  /** The QR code as produced by `qrcode`'s `toString({ type: 'svg' })`. */
  qrSvg: string;
}

/** One A4 poster: header, unit and window names, the QR code, instructions and a footer. */
export function posterSvg(input: PosterInput): string {
  const cx = A4.w / 2;
  const qrSize = 120;
  const qrY = 92;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    svgOpen(1),
    `<title>${xmlEscape(`${input.unitName} · ${input.servicePointName} · 扫码评价`)}</title>`,
    `<rect width="${A4.w}" height="${A4.h}" fill="#ffffff"/>`,
    `<rect width="${A4.w}" height="42" fill="${ACCENT}"/>`,
    textLine(cx, 24, 16, '扫码评价', ' fill="#ffffff" font-weight="bold" letter-spacing="4"'),
    textLine(cx, 35, 5, '请为本次服务打分 · Scan to rate our service', ' fill="#ffffff"'),
    textLine(cx, 62, fitSize(input.unitName, 180, 11), input.unitName, ' font-weight="bold" fill="#111111"'),
    textLine(cx, 78, fitSize(input.servicePointName, 180, 8), input.servicePointName, ' fill="#333333"'),
    `<rect x="${cx - qrSize / 2 - 4}" y="${qrY - 4}" width="${qrSize + 8}" height="${qrSize + 8}" ` +
      `rx="3" fill="none" stroke="${ACCENT}" stroke-width="0.8"/>`,
    placeQr(input.qrSvg, cx - qrSize / 2, qrY, qrSize),
    textLine(cx, 234, 7, '请用手机扫描二维码，对本次服务进行评价', ' fill="#111111"'),
    textLine(cx, 246, 6, '您的评价匿名，不影响业务办理', ' fill="#333333"'),
    textLine(cx, 257, 6, '请勿替他人评价 · 每次办事评价一次', ' fill="#333333"'),
    `<line x1="20" y1="270" x2="190" y2="270" stroke="#cccccc" stroke-width="0.3"/>`,
    textLine(
      cx,
      279,
      3.6,
      '提交后页面会显示回执编号，请妥善保存，可凭回执查询处理结果或反映问题',
      ' fill="#555555"',
    ),
    textLine(
      cx,
      285,
      3,
      'After submitting you get a receipt number: keep it to follow up or give further feedback.',
      ' fill="#777777"',
    ),
    '</svg>',
  ].join('\n');
}

export interface SheetLabel {
  servicePointName: string;
  qrSvg: string;
}

export interface SheetInput {
  unitName: string;
  labels: readonly SheetLabel[];
}

/** Labels per A4 page: 3 columns × 4 rows, cut along the dashed lines. */
export const SHEET_COLUMNS = 3;
export const SHEET_ROWS = 4;
const PER_PAGE = SHEET_COLUMNS * SHEET_ROWS;

/**
 * The unit's codes on A4 pages stacked in one SVG (height = pages × 297 mm, so printing at
 * 100 % breaks exactly between pages). Each label: "扫码评价", the QR code, the window's name.
 */
export function sheetSvg(input: SheetInput): string {
  const pages = Math.max(1, Math.ceil(input.labels.length / PER_PAGE));
  const margin = 10;
  const header = 16;
  const cellW = (A4.w - 2 * margin) / SHEET_COLUMNS;
  const cellH = (A4.h - 2 * margin - header) / SHEET_ROWS;
  const qrSize = 44;
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    svgOpen(pages),
    `<title>${xmlEscape(`${input.unitName} · 二维码批量打印`)}</title>`,
    `<rect width="${A4.w}" height="${A4.h * pages}" fill="#ffffff"/>`,
  ];
  for (let page = 0; page < pages; page++) {
    const top = page * A4.h;
    const title = `${input.unitName} · 评价二维码（第 ${page + 1}/${pages} 页）`;
    parts.push(
      `<g class="page">`,
      textLine(A4.w / 2, top + margin + 8, fitSize(title, 190, 6), title, ' font-weight="bold"'),
    );
    const onPage = input.labels.slice(page * PER_PAGE, (page + 1) * PER_PAGE);
    if (onPage.length === 0) {
      parts.push(textLine(A4.w / 2, top + 80, 6, '该单位暂无有效的评价二维码', ' fill="#777777"'));
    }
    onPage.forEach((label, i) => {
      const x = margin + (i % SHEET_COLUMNS) * cellW;
      const y = top + margin + header + Math.floor(i / SHEET_COLUMNS) * cellH;
      const cx = x + cellW / 2;
      parts.push(
        `<g class="label">`,
        `<rect x="${x}" y="${y}" width="${cellW}" height="${cellH}" fill="none" stroke="#999999" ` +
          `stroke-width="0.2" stroke-dasharray="2 1.5"/>`,
        textLine(cx, y + 8, 5, '扫码评价', ` fill="${ACCENT}" font-weight="bold"`),
        placeQr(label.qrSvg, cx - qrSize / 2, y + 10, qrSize),
        textLine(
          cx,
          y + qrSize + 13.5,
          fitSize(label.servicePointName, cellW - 6, 4.2),
          label.servicePointName,
        ),
        textLine(cx, y + qrSize + 18.5, 2.8, '评价匿名，不影响业务办理', ' fill="#555555"'),
        `</g>`,
      );
    });
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('\n');
}
