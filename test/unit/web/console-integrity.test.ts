import { afterEach, describe, expect, it } from 'vitest';
import type { UnitIntegrityLine } from '../../../functions/services/integrity/integrity-report';
import { setLocale } from '../../../web/console/i18n';
import {
  DEFAULT_SORT,
  divergenceAlert,
  fmtDivergence,
  reportCsv,
  sortLines,
} from '../../../web/console/views/integrity';

const line = (unitId: string, over: Partial<UnitIntegrityLine> = {}): UnitIntegrityLine => ({
  unitId,
  name: { 'zh-CN': `单位${unitId}`, en: `Unit ${unitId}` },
  counted: 10,
  quarantined: 0,
  quarantinedShare: 0,
  burstBallots: 0,
  flags: {},
  ...over,
});

afterEach(() => setLocale('zh-CN'));

describe('the integrity report table', () => {
  it('puts the largest quarantined share first, and of equal shares the unit with more quarantined ballots', () => {
    const lines = [
      line('a', { quarantined: 3, quarantinedShare: 1, counted: 0 }),
      line('b', { quarantined: 1, quarantinedShare: 0.1 }),
      line('c', { quarantined: 540, quarantinedShare: 1, counted: 0 }),
    ];
    expect(sortLines(lines, DEFAULT_SORT).map((l) => l.unitId)).toEqual(['c', 'a', 'b']);
  });

  it('keeps units without a score at the bottom whichever way the column is sorted', () => {
    const lines = [line('none'), line('low', { qrScore: 60 }), line('high', { qrScore: 90 })];
    expect(sortLines(lines, { key: 'qrScore', desc: true }).map((l) => l.unitId)).toEqual([
      'high',
      'low',
      'none',
    ]);
    expect(sortLines(lines, { key: 'qrScore', desc: false }).map((l) => l.unitId)).toEqual([
      'low',
      'high',
      'none',
    ]);
  });

  it("highlights exactly the divergences the server's rule flagged, with their interval", () => {
    expect([true, false, undefined].map((f) => divergenceAlert({ divergenceFlagged: f }))).toEqual([
      true,
      false,
      false,
    ]);
    expect(
      fmtDivergence({ divergence: 27.5, divergenceCi: { low: 20.1, high: 34.9 }, divergenceFlagged: true }),
    ).toBe('+27.5 [+20.1, +34.9] ⚠');
    expect(
      fmtDivergence({ divergence: 16, divergenceCi: { low: -2, high: 34 }, divergenceFlagged: false }),
    ).toBe('+16.0 [-2.0, +34.0]');
    expect(fmtDivergence({ divergenceNotCompared: 'qr_too_few' })).toBe('— (扫码评价不足 30 张)');
  });

  it('writes a CSV whose text cells cannot run as formulas', () => {
    const csv = reportCsv([
      line('130628001', {
        name: { 'zh-CN': '=HYPERLINK("http://x")', en: '@SUM(A1)' },
        flags: { deviceLimit: 500, burst: 40 },
      }),
    ]);
    expect(csv.startsWith('\uFEFF单位编号,单位,')).toBe(true);
    expect(csv).toContain(
      `130628001,"'=HYPERLINK(""http://x"")",10,0,0.0%,0,,,,单设备超限 500；短时集中提交 40\r\n`,
    );
    setLocale('en');
    expect(reportCsv([line('1', { name: { 'zh-CN': 'x', en: '@SUM(A1)' } })])).toContain("\r\n1,'@SUM(A1),");
  });
});
