import { describe, expect, it } from 'vitest';
import { looksLikeFormula, neutraliseCell, safeCell } from '../../../functions/domain/spreadsheet-safety';

describe('spreadsheet safety', () => {
  it.each([
    "=cmd|' /C calc'!A0",
    '+1',
    '-1',
    '@SUM(1)',
    '\t=1',
    '\r=1',
    '\n=1',
    '＝1',
    '＋1',
    '－1',
    '＠SUM(1)',
    ' =1',
    '\u3000=1',
    '\u00A0+1',
    '\uFEFF=1',
  ])('puts an apostrophe in front of %j', (cell) => {
    expect(looksLikeFormula(cell)).toBe(true);
    expect(neutraliseCell(cell)).toBe(`'${cell}`);
  });

  it.each(['', '很好', 'a=1', '1+1', '窗口 -1 号', "'=1", '   ', '3'])('leaves %j as it is', (cell) => {
    expect(neutraliseCell(cell)).toBe(cell);
  });

  it('never touches numbers, and turns blanks into empty cells', () => {
    expect(safeCell(-1)).toBe(-1);
    expect(safeCell(null)).toBeNull();
    expect(safeCell(undefined)).toBeNull();
    expect(safeCell('-1')).toBe("'-1");
  });
});
