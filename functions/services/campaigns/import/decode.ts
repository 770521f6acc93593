/**
 * Text encoding of an agency's CSV. Excel in China saves "CSV" as GBK by default; read as UTF-8
 * that turns every Chinese header and answer into mojibake. We detect it and convert, and say so.
 */
export interface Decoded {
  text: string;
  /** Present when the bytes were not UTF-8 and were converted. */
  note?: { message: string; messageEn: string };
}

/**
 * 1. A UTF-8 BOM, or bytes that are valid UTF-8: read as UTF-8.
 * 2. Otherwise bytes that are valid GB18030 (a superset of GBK):
 *    converted, with a note telling the agency to save as "CSV UTF-8" next time.
 * 3. Otherwise undefined: the caller refuses the file.
 */
export function decodeText(bytes: Uint8Array): Decoded | undefined {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(hasBom ? bytes.subarray(3) : bytes);
    return { text };
  } catch {
    // Not UTF-8: try GBK below.
  }
  let text: string;
  try {
    // Node's own decoder (ICU): a byte sequence that is not GB18030 throws instead of becoming U+FFFD.
    text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return {
    text,
    note: {
      message: '文件为 GBK 编码（Excel 默认的“CSV”格式），已自动转换为 UTF-8；今后请另存为“CSV UTF-8”',
      messageEn:
        'The file was GBK-encoded (Excel\'s default "CSV") and was converted to UTF-8; please save as "CSV UTF-8"',
    },
  };
}
