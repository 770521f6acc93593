import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_TARGET_LABELS } from '../../../functions/domain/audit';
import { CASE_ACTION_TYPES } from '../../../functions/domain/cases/state-machine';

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );

describe('audit trail labels', () => {
  const code = sources('functions/services').map((f) => readFileSync(f, 'utf8'));
  const literal = (key: string) =>
    new Set(
      code.flatMap((s) => [...s.matchAll(new RegExp(`${key}: '([A-Za-z_.]+)'`, 'g'))].map((m) => m[1]!)),
    );

  it('names every action the services write, in Chinese and English', () => {
    const actions = [
      ...literal('action'),
      ...CASE_ACTION_TYPES.map((t) => `case.${t}`),
      'appeal.upheld',
      'appeal.rejected',
    ];
    expect(actions.length).toBeGreaterThan(30);
    for (const a of actions) {
      expect(AUDIT_ACTION_LABELS[a], a).toBeDefined();
      expect(AUDIT_ACTION_LABELS[a]!['zh-CN']).toMatch(/\p{Script=Han}/u);
    }
  });

  it('names every kind of target', () => {
    const types = literal('targetType');
    expect(types.size).toBeGreaterThan(6);
    for (const t of types) expect(AUDIT_TARGET_LABELS[t], t).toBeDefined();
  });
});
