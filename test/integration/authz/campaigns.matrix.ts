/**
 * Campaign routes in the authorization matrix. The 'in' place's campaign belongs to 河北 130000
 * and commissions AGENCY-01 (the demo analyst's agency); the 'out' place's belongs to 山西 140000
 * and commissions AGENCY-02, so every role is out of scope there.
 */

import { randomUUID } from 'node:crypto';
import { ScoringRepository } from '../../../functions/db/scoring-repository';
import { auditEntry } from '../../../functions/domain/audit';
import type { Campaign } from '../../../functions/domain/campaign';
import { METHOD_VERSION } from '../../../functions/domain/scoring/results';
import { sealSnapshot } from '../../../functions/domain/scoring/snapshot';
import { importFile } from '../../../functions/services/campaigns/import/run-import';
import type { Place } from '../../fixtures/authz-world';
import { campaignOf } from '../../fixtures/campaign';
import { b64, campaignBody } from '../../fixtures/campaign-stack';
import type { ConsoleStack } from '../../fixtures/console-stack';
import { type AuthzCase, V1 } from './case';

const C = `${V1}/campaigns`;
const isOut = (p: Place) => p.countyId.startsWith('14');
const admin = {
  userId: 'matrix',
  name: 'matrix',
  role: 'province_admin' as const,
  scopeId: '130000',
  scopePath: '130000',
};
const CSV =
  'interview_id,county_code,date,mode,weight,q_overall,q_window,q_traffic,q_safety,q_antigang\nM-1,130628,2026-10-02,phone,1,5,4,4,5,5\n';

/** A campaign in the place's province, optionally with an upload and/or published (written directly). */
async function campaignIn(p: Place, s: ConsoleStack, opts: { upload?: boolean; published?: boolean } = {}) {
  const store = new ScoringRepository(s.db.client, s.db.tables);
  const out = isOut(p);
  const c: Campaign = campaignOf({
    id: randomUUID(),
    provinceId: out ? '140000' : '130000',
    provincePath: out ? '140000' : '130000',
    agencyId: out ? 'AGENCY-02' : 'AGENCY-01',
  });
  const now = new Date();
  await store.createCampaign(
    c,
    auditEntry(admin, now, randomUUID(), {
      action: 'campaign.create',
      targetType: 'campaign',
      targetId: c.id,
      targetPath: c.provincePath,
    }),
  );
  let uploadId = 'none';
  if (opts.upload) {
    const u = await importFile(
      store,
      c,
      { fileName: 'm.csv', bytes: new TextEncoder().encode(CSV) },
      {
        uploadId: randomUUID(),
        uploadedBy: 'agency-analyst',
        now: () => now,
        counties: new Set(['130628']),
      },
    );
    uploadId = u.uploadId;
  }
  if (opts.published) {
    const snap = sealSnapshot({
      campaignId: c.id,
      campaignName: 'm',
      version: 1,
      methodVersion: METHOD_VERSION,
      publishedAt: now.toISOString(),
      publishedBy: 'matrix',
      parameters: { ...c, bootstrapDraws: 1000, seeds: {}, z: 1.96 },
      counties: [{ id: p.countyId, name: 'county' }],
      aggregates: [],
      qr: [],
      results: [],
    });
    await store.publish(
      c,
      snap,
      auditEntry(admin, now, randomUUID(), {
        action: 'campaign.publish',
        targetType: 'campaign',
        targetId: c.id,
        targetPath: c.provincePath,
      }),
    );
  }
  return { id: c.id, uploadId };
}

export const campaignCases: AuthzCase[] = [
  { route: `GET ${C}`, action: 'campaign:read', unscoped: true, request: async () => ({ path: C }) },
  {
    route: `POST ${C}`,
    action: 'campaign:manage',
    request: async (p) => ({ path: C, body: campaignBody({ provinceId: isOut(p) ? '140000' : '130000' }) }),
  },
  {
    route: `GET ${C}/counties/:countyId/trend`,
    action: 'campaign:read',
    // Unit staff see their own county, which lies above their scope.
    ancestorsVisible: true,
    request: async (p) => ({ path: `${C}/counties/${p.countyId}/trend` }),
  },
  {
    route: `GET ${C}/:id`,
    action: 'campaign:read',
    request: async (p, s) => ({ path: `${C}/${(await campaignIn(p, s)).id}` }),
  },
  {
    // The agency file template: staff who may read the campaign, and the campaign's own agency.
    route: `GET ${C}/:id/template`,
    action: ['campaign:read', 'campaign:upload'],
    request: async (p, s) => ({ path: `${C}/${(await campaignIn(p, s)).id}/template?format=csv` }),
  },
  {
    route: `POST ${C}/:id/uploads`,
    action: 'campaign:upload',
    request: async (p, s) => ({
      path: `${C}/${(await campaignIn(p, s)).id}/uploads`,
      body: { fileName: 'm.csv', contentBase64: b64(CSV) },
    }),
  },
  {
    // The upload ticket (presigned PUT in AWS, direct path locally): the campaign's agency only.
    route: `POST ${C}/:id/uploads/presign`,
    action: 'campaign:upload',
    request: async (p, s) => ({
      path: `${C}/${(await campaignIn(p, s)).id}/uploads/presign`,
      body: { fileName: 'm.csv', sizeBytes: CSV.length, contentType: 'text/csv' },
    }),
  },
  {
    route: `GET ${C}/:id/uploads`,
    action: 'campaign:manage',
    request: async (p, s) => ({ path: `${C}/${(await campaignIn(p, s)).id}/uploads` }),
  },
  {
    route: `GET ${C}/:id/uploads/:uploadId`,
    action: 'campaign:upload',
    request: async (p, s) => {
      const c = await campaignIn(p, s, { upload: true });
      return { path: `${C}/${c.id}/uploads/${c.uploadId}` };
    },
  },
  {
    route: `GET ${C}/:id/uploads/:uploadId/errors`,
    action: 'campaign:upload',
    request: async (p, s) => {
      const c = await campaignIn(p, s, { upload: true });
      return { path: `${C}/${c.id}/uploads/${c.uploadId}/errors` };
    },
  },
  {
    route: `POST ${C}/:id/uploads/:uploadId/withdraw`,
    action: 'campaign:manage',
    request: async (p, s) => {
      const c = await campaignIn(p, s, { upload: true });
      return { path: `${C}/${c.id}/uploads/${c.uploadId}/withdraw` };
    },
  },
  {
    route: `GET ${C}/:id/preview`,
    action: 'campaign:manage',
    request: async (p, s) => ({ path: `${C}/${(await campaignIn(p, s)).id}/preview` }),
  },
  {
    route: `POST ${C}/:id/publish`,
    action: 'campaign:manage',
    request: async (p, s) => ({
      path: `${C}/${(await campaignIn(p, s)).id}/publish`,
      body: { note: 'matrix' },
    }),
  },
  {
    route: `POST ${C}/:id/reopen`,
    action: 'campaign:manage',
    request: async (p, s) => ({
      path: `${C}/${(await campaignIn(p, s, { published: true })).id}/reopen`,
      body: { reason: 'matrix' },
    }),
  },
  {
    route: `GET ${C}/:id/results`,
    action: 'campaign:read',
    request: async (p, s) => ({ path: `${C}/${(await campaignIn(p, s, { published: true })).id}/results` }),
  },
  {
    route: `GET ${C}/:id/changes`,
    action: 'campaign:read',
    request: async (p, s) => {
      const [to, from] = [
        await campaignIn(p, s, { published: true }),
        await campaignIn(p, s, { published: true }),
      ];
      return { path: `${C}/${to.id}/changes?from=${from.id}&indicator=_composite` };
    },
  },
  {
    route: `GET ${C}/:id/snapshots/:version/download`,
    action: 'campaign:read',
    request: async (p, s) => ({
      path: `${C}/${(await campaignIn(p, s, { published: true })).id}/snapshots/1/download?format=csv`,
    }),
  },
];
