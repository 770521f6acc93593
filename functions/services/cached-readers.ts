/**
 * Read caches that keep a submission to one round trip besides its transaction.
 * - Published questionnaire versions are immutable, so they are cached without expiry.
 * - Token records are cached briefly; that is safe because the submission transaction
 *   re-checks that the token is still active, so a revoked code stops counting at once.
 */
import { LRUCache } from 'lru-cache';
import type { QuestionnaireVersion } from '../schemas/questionnaire';
import type { QrTokenRecord, QuestionnaireReader } from './ports';

export function cachedVersions(inner: QuestionnaireReader, max = 500): QuestionnaireReader {
  const cache = new LRUCache<string, QuestionnaireVersion>({ max });
  const remember = (v: QuestionnaireVersion | undefined) => {
    if (v?.status === 'published') cache.set(`${v.questionnaireId}#${v.version}`, v);
    return v;
  };
  return {
    async getVersion(id, version) {
      return cache.get(`${id}#${version}`) ?? remember(await inner.getVersion(id, version));
    },
    async getLatestPublished(id) {
      return remember(await inner.getLatestPublished(id));
    },
  };
}

export function cachedTokenLoader(
  load: (tokenId: string) => Promise<QrTokenRecord | undefined>,
  ttlMs = 30_000,
  max = 10_000,
): (tokenId: string) => Promise<QrTokenRecord | undefined> {
  const cache = new LRUCache<string, QrTokenRecord>({ max, ttl: ttlMs });
  return async (tokenId) => {
    const hit = cache.get(tokenId);
    if (hit) return hit;
    const record = await load(tokenId);
    if (record?.status === 'active') cache.set(tokenId, record);
    return record;
  };
}
