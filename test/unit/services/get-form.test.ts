import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OrgNode } from '../../../functions/domain/org';
import { signQrToken } from '../../../functions/domain/qr-token';
import type { QuestionnaireContent } from '../../../functions/schemas/questionnaire';
import { loadForm } from '../../../functions/services/get-form';
import { demoQuestionnaire } from '../../../local/seed/demo-questionnaire';

const qrKey = randomBytes(32);
const record = {
  tokenId: 'tok12345678',
  servicePointId: '130628001-01',
  unitId: '130628001',
  questionnaireId: 'window-service',
  status: 'active' as const,
  createdAt: '2026-11-01T00:00:00Z',
};
const node = (id: string, kind: OrgNode['kind']): OrgNode => ({
  id,
  kind,
  path: id,
  name: { 'zh-CN': id, en: id },
  active: true,
});

const deps = (content: QuestionnaireContent) => ({
  qrKey,
  directory: {
    getQrToken: async () => record,
    getNodes: async () =>
      new Map([
        ['130628001-01', node('130628001-01', 'servicePoint')],
        ['130628001', node('130628001', 'unit')],
      ]),
  },
  questionnaires: {
    getVersion: async () => undefined,
    getLatestPublished: async () => ({
      questionnaireId: 'window-service',
      version: 3,
      status: 'published' as const,
      content,
    }),
  },
});

describe('the form a citizen opens', () => {
  const guarded: QuestionnaireContent = {
    ...demoQuestionnaire,
    settings: {
      ballots: { static: true, rotating: true, oneTime: false },
      altcha: true,
      limits: { perDevice: 1, burst: 5 },
      unitNetworks: ['10.13.0.0/16'],
      openingHours: { open: '08:30', close: '17:30' },
    },
  };

  it('tells the form that proof of work is asked, and nothing else of the integrity settings', async () => {
    const { view } = await loadForm(deps(guarded) as never, signQrToken(qrKey, record));
    expect(view.questionnaire.settings).toEqual({ altcha: true });
    const text = JSON.stringify(view);
    for (const secret of ['perDevice', 'burst', '10.13.0.0', 'openingHours', '17:30']) {
      expect(text).not.toContain(secret);
    }
  });

  it('carries no settings at all when none are asked of the citizen', async () => {
    const { view } = await loadForm(
      deps({ ...guarded, settings: { ...guarded.settings!, altcha: false } }) as never,
      signQrToken(qrKey, record),
    );
    expect(view.questionnaire).not.toHaveProperty('settings');
    expect(view.questionnaire.questions).toHaveLength(demoQuestionnaire.questions.length);
  });
});
