/**
 * Formula-injection ("CSV injection") defence for exported spreadsheets. A text cell that a
 * spreadsheet might read as a formula gets a leading apostrophe, so Excel, WPS and LibreOffice
 * show it as plain text and never evaluate it (OWASP's advice). Numbers are never touched.
 */

/**
 * Characters that start a formula or a DDE payload: = + - @, a tab, a carriage return, and their
 * full-width twins ＝ ＋ － ＠, which Chinese IMEs type and WPS/Excel may normalise to ASCII.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * Leading characters a spreadsheet may skip before parsing: spaces (ASCII, no-break,
 * ideographic), line feeds and other invisible format characters. " =1" is as dangerous as "=1".
 */
const SKIPPED = /^[\s\u00A0\u3000\u200B-\u200F\u2028\u2029\u2060\uFEFF]*/u;

/** True when a spreadsheet could take `text` for a formula. */
export function looksLikeFormula(text: string): boolean {
  if (text.length === 0) return false;
  if (TRIGGERS.has(text[0]!)) return true;
  const rest = text.slice(SKIPPED.exec(text)![0].length);
  return rest.length > 0 && rest.length < text.length && TRIGGERS.has(rest[0]!);
}

/** Neutralises one text cell: a leading apostrophe when it could start a formula, else unchanged. */
export const neutraliseCell = (text: string): string => (looksLikeFormula(text) ? `'${text}` : text);

/** A spreadsheet cell: text (neutralised on output), a number, or empty. */
export type CellValue = string | number | null | undefined;

/** Neutralises a cell of any type; numbers and blanks pass through. */
export const safeCell = (value: CellValue): string | number | null =>
  typeof value === 'string' ? neutraliseCell(value) : typeof value === 'number' ? value : null;
