/**
 * Wires the ballot route and its submission use case (integrity checks, the ballot transaction)
 * to DynamoDB. public-deps.ts imports this module with `import()`, so in the Lambda it is a chunk
 * read by the first ballot rather than by a cold start for a form.
 */
import { IntegrityReadRepository } from '../db/integrity-read-repository';
import { SubmissionRepository } from '../db/response-repository';
import { defaultClientAddress } from '../http/client-address';
import { submissionRoutes } from '../http/routes/submissions';
import { countMetric } from '../observability/request-metrics';
import { cachedTokenLoader } from '../services/cached-readers';
import { expiringTokenLoader } from '../services/cases/expiring-tokens';
import { cachedIntegrityReader } from '../services/integrity/cached-reader';
import { CounterMemo } from '../services/integrity/counter-memo';
import { type SubmitResponseDeps, submitService } from '../services/submit-response';
import type { PublicShared, PublicWiring } from './public-deps';

/** The submission use case's dependencies, sharing the caches `shared` holds with the form routes. */
export async function publicSubmitDeps(w: PublicWiring, shared: PublicShared): Promise<SubmitResponseDeps> {
  const { directory, questionnaires, integrity, clock } = shared;
  return {
    loadToken: expiringTokenLoader(
      cachedTokenLoader((id) => directory.getQrToken(id)),
      clock,
    ),
    tokenStatus: (id) => directory.qrTokenStatus(id),
    questionnaires,
    submissions: new SubmissionRepository(w.client, w.tables),
    qrKey: w.qrKey,
    clock,
    contact: await shared.cipher(),
    // One memo per process (Lambda container): a counter its own ballots filled flags the next on
    // arrival. It learns every counter of every ballot, so it is kept smaller than the stream's:
    // a stuffed counter is read on every ballot and stays, a genuine phone's is forgotten.
    integrity: integrity && {
      ...integrity,
      reader: cachedIntegrityReader(new IntegrityReadRepository(w.client, w.tables)),
      memo: new CounterMemo(5_000),
    },
    onQuarantined: () => countMetric('QuarantinedBallots'),
    windowActive: shared.windowActive,
  };
}

/** The ballot route, answering at its full path. */
export const publicSubmissionRoutes = async (w: PublicWiring, shared: PublicShared) =>
  submissionRoutes({
    submit: submitService(await publicSubmitDeps(w, shared)),
    clientAddress: w.clientAddress ?? defaultClientAddress(w.originVerify),
  });
