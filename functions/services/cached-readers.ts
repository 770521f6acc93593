/**
 * Read caches that keep a submission to one round trip (two small status reads in parallel)
 * besides its transaction.
 * - Published questionnaire versions are immutable, so they are cached without expiry; whether a
 *   version still accepts answers is read fresh by the submission (`versionStatus`).
 * - Token records are cached briefly; that is safe because the submission reads the token's
 *   status fresh (`qrTokenStatus`), so a revoked code stops counting at once.
 */

import type { QuestionnaireVersion } from '../schemas/questionnaire';
import { BoundedCache } from './bounded-cache';
import type { QrTokenRecord, QuestionnaireReader, VersionStatusReader } from './ports';

/** Caches version contents; `versionStatus`, when the inner reader has it, always reads through. */
export function cachedVersions<R extends QuestionnaireReader>(
  inner: R,
  max = 500,
): QuestionnaireReader & (R extends VersionStatusReader ? VersionStatusReader : unknown) {
  const cache = new BoundedCache<string, QuestionnaireVersion>({ max });
  const remember = (v: QuestionnaireVersion | undefined) => {
    if (v?.status === 'published') cache.set(`${v.questionnaireId}#${v.version}`, v);
    return v;
  };
  return {
    async getVersion(id: string, version: number) {
      return cache.get(`${id}#${version}`) ?? remember(await inner.getVersion(id, version));
    },
    async getLatestPublished(id: string) {
      return remember(await inner.getLatestPublished(id));
    },
    ...('versionStatus' in inner
      ? { versionStatus: (inner as unknown as VersionStatusReader).versionStatus.bind(inner) }
      : {}),
  } as QuestionnaireReader & (R extends VersionStatusReader ? VersionStatusReader : unknown);
}

export function cachedTokenLoader(
  load: (tokenId: string) => Promise<QrTokenRecord | undefined>,
  ttlMs = 30_000,
  max = 10_000,
): (tokenId: string) => Promise<QrTokenRecord | undefined> {
  const cache = new BoundedCache<string, QrTokenRecord>({ max, ttlMs });
  return async (tokenId) => {
    const hit = cache.get(tokenId);
    if (hit) return hit;
    const record = await load(tokenId);
    if (record?.status === 'active') cache.set(tokenId, record);
    return record;
  };
}
