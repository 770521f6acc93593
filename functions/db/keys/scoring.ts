/** Keys of the Scoring table. Nothing else builds these strings. */

const pad = (n: number) => String(n).padStart(6, '0');

export const scoringKeys = {
  campaign: (id: string) => ({ pk: `CAMP#${id}`, sk: 'HEAD' }),
  /** gsi1: a province's campaigns, oldest first. */
  campaignsOf: (provinceId: string) => `PROV#${provinceId}#CAMPS`,
  campaignInProvince: (provinceId: string, createdAt: string, id: string) => ({
    gsi1pk: `PROV#${provinceId}#CAMPS`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  agency: (id: string) => ({ pk: `AGENCY#${id}`, sk: 'HEAD' }),
  campaignPartition: (id: string) => `CAMP#${id}`,
  upload: (campaignId: string, uploadId: string) => ({ pk: `CAMP#${campaignId}`, sk: `UPL#${uploadId}` }),
  uploadPrefix: 'UPL#',
  errorChunk: (campaignId: string, uploadId: string, n: number) => ({
    pk: `CAMP#${campaignId}`,
    sk: `ERR#${uploadId}#${pad(n)}`,
  }),
  errorPrefix: (uploadId: string) => `ERR#${uploadId}#`,
  /** One partition per interview: the idempotency key (campaign, interviewId), and writes spread out. */
  interview: (campaignId: string, interviewId: string) => ({
    pk: `IV#${campaignId}#${interviewId}`,
    sk: 'IV',
  }),
  /** gsi1: the interviews an upload created (to withdraw it). */
  interviewOfUpload: (uploadId: string, interviewId: string) => ({
    gsi1pk: `UPL#${uploadId}`,
    gsi1sk: interviewId,
  }),
  uploadInterviews: (uploadId: string) => `UPL#${uploadId}`,
  aggregate: (campaignId: string, countyId: string, indicator: string) => ({
    pk: `CAMP#${campaignId}`,
    sk: `AGG#${countyId}#${indicator}`,
  }),
  aggregatePrefix: 'AGG#',
  snapshot: (campaignId: string, version: number) => ({
    pk: `CAMP#${campaignId}`,
    sk: `SNAP#${pad(version)}`,
  }),
  snapshotPrefix: 'SNAP#',
} as const;
