import { describe, expect, it } from 'vitest';
import { visibleMenu } from '../../../web/console/routes';
import { bodyOf, formOf, issuesOf } from '../../../web/console/settings-model';

const saved = {
  scoreMapping: [0, 30, 60, 80, 100] as [number, number, number, number, number],
  integrity: {} as never,
  figures: { unitCutoffWorkingDays: 1 },
};

describe('province settings form', () => {
  it('sends back an untouched version unchanged, with the version it was read at', () => {
    const body = bodyOf(formOf(saved), saved, 3);
    expect(body).toEqual({ ...saved, integrity: {}, expectedVersion: 3 });
    expect(issuesOf(body)).toEqual([]);
  });

  it('sends the weekly caps and networks that were filled in, and leaves empty ones to the defaults', () => {
    const f = formOf(saved);
    f.limits.perNetwork4Weekly = '60';
    f.unitNetworks = '10.0.0.0/8\n192.168.1.0/24';
    const body = bodyOf(f, saved, 0);
    expect(body.integrity).toEqual({
      limits: { perNetwork4Weekly: 60 },
      unitNetworks: ['10.0.0.0/8', '192.168.1.0/24'],
    });
  });

  it('names the field of each problem, in Chinese and English', () => {
    const f = formOf(saved);
    f.mapping = ['0', '30', '90', '80', '100'];
    f.cutoff = '11';
    f.limits.perDevice = 'x';
    f.unitNetworks = 'intranet';
    f.ballotStatic = false;
    const issues = issuesOf(bodyOf(f, saved, 1));
    const by = Object.fromEntries(issues.map((i) => [i.field, i.message]));
    expect(by).toEqual({
      scoreMapping: expect.stringContaining('严格递增'),
      'figures.unitCutoffWorkingDays': '不能大于 10',
      'integrity.limits.perDevice': '请填写数字',
      'integrity.unitNetworks.0': expect.stringContaining('网段'),
      'integrity.ballots': '至少开启一种投票方式',
    });
    expect(issues.every((i) => i.messageEn.length > 0)).toBe(true);
  });
});

describe('menu of the province pages', () => {
  it('shows the quarantine queue to province readers and the settings above the unit only', () => {
    const unit = ['org:read', 'dashboard:read', 'case:read'];
    expect(visibleMenu(unit).map((m) => m.page)).not.toContain('quarantine');
    expect(visibleMenu(unit).map((m) => m.page)).not.toContain('settings');
    const county = [...unit, 'audit:read'];
    expect(visibleMenu(county).map((m) => m.page)).toContain('settings');
    expect(visibleMenu(county).map((m) => m.page)).not.toContain('quarantine');
    const province = [...county, 'integrity:read', 'settings:write'];
    const pages = visibleMenu(province).map((m) => m.page);
    expect(pages.filter((p) => p === 'settings')).toHaveLength(1);
    expect(pages).toContain('quarantine');
  });
});
