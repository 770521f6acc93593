import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { placeQr, posterSvg, sheetSvg, xmlEscape } from '../../../functions/domain/qr-poster';

const qr = () =>
  QRCode.toString('https://pj.example.gov.cn/f/?t=abc', { type: 'svg', errorCorrectionLevel: 'M' });

describe('QR posters', () => {
  it('escapes the five XML special characters', () => {
    expect(xmlEscape(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });

  it('places the QR code as a nested vector SVG', async () => {
    const placed = placeQr(await qr(), 45, 92, 120);
    expect(placed).toMatch(/^<svg x="45" y="92" width="120" height="120" xmlns=/);
    expect(placed).toContain('<path');
  });

  it('prints an A4 poster with escaped names, Chinese instructions and the QR paths', async () => {
    const svg = posterSvg({ unitName: '城关<派出所>&', servicePointName: '1号窗口', qrSvg: await qr() });
    expect(svg).toContain('viewBox="0 0 210 297"');
    expect(svg).toContain('城关&lt;派出所&gt;&amp;');
    expect(svg).not.toContain('城关<派出所>');
    expect(svg).toContain('扫码评价');
    expect(svg).toContain('您的评价匿名，不影响业务办理');
    expect(svg).toContain('请勿替他人评价');
    expect(svg).toMatch(/<path stroke="#000000" d="M/);
  });

  it('puts twelve labels on a page and adds pages as needed', async () => {
    const label = { servicePointName: '窗口', qrSvg: await qr() };
    const one = sheetSvg({ unitName: '单位', labels: Array(12).fill(label) });
    const two = sheetSvg({ unitName: '单位', labels: Array(13).fill(label) });
    expect(one).toContain('viewBox="0 0 210 297"');
    expect(two).toContain('viewBox="0 0 210 594"');
    expect(two.match(/class="label"/g)).toHaveLength(13);
  });

  it('says so when a unit has no active codes', () => {
    expect(sheetSvg({ unitName: '单位', labels: [] })).toContain('暂无有效的评价二维码');
  });
});
