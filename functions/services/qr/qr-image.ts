/** QR code images (package `qrcode`), error correction M: survives a scuffed or partly covered print. */
import QRCode from 'qrcode';

const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** A PNG of the QR code, large enough to print or show on screen. */
export const qrPng = (text: string): Promise<Buffer> =>
  QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: 600 });

/** The QR code as an SVG document made of vector paths (sharp at any print size). */
export const qrSvg = (text: string): Promise<string> => QRCode.toString(text, { ...OPTIONS, type: 'svg' });
