import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './synth-fixture';

let s: Synthesized;
beforeAll(() => {
  s = synthesize({ target: 'china', stage: 'dev' });
}, SYNTH_TIMEOUT_MS);
afterAll(() => s?.cleanup());

describe('China target', () => {
  it('prints QR codes that name the form file, since CloudFront there cannot rewrite /f/', () => {
    const fns = s.template(s.stacks.api).findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Environment?: { Variables?: Record<string, unknown> } } }
    >;
    const withFormPath = Object.values(fns).filter((f) => f.Properties.Environment?.Variables?.FORM_PATH);
    expect(withFormPath.length).toBeGreaterThanOrEqual(2);
    for (const f of withFormPath)
      expect(f.Properties.Environment?.Variables?.FORM_PATH).toBe('/f/index.html');
  });
});
