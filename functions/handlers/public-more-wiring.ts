/**
 * Wires the public routes off the cold path (receipt tracking and withdrawal, integration routes)
 * to DynamoDB.
 * public-deps.ts imports this module with `import()`, so in the Lambda it is a chunk read by the
 * first request for one of those routes, not by every cold start.
 */
import { CaseRepository } from '../db/case-repository';
import { IntegrityRepository } from '../db/integrity-repository';
import { ReachRepository } from '../db/reach-repository';
import { WithdrawalRepository } from '../db/withdrawal-repository';
import { transactionBallotKey } from '../domain/integrity/transaction-ballot';
import { phoneKeyKey } from '../domain/reach/sms';
import { publicMoreRoutes } from '../http/public-more-routes';
import type { IntegrationRoutesDeps } from '../http/routes/integration';
import { systemClock } from '../services/ports';
import { invitationScheduler } from '../services/reach/invitations';
import type { PublicShared, PublicWiring } from './public-deps';

/** The receipt and integration routes as one Hono app. */
export async function publicMoreApp(w: PublicWiring, shared: PublicShared) {
  const clock = w.clock ?? systemClock;
  const store = new IntegrityRepository(w.client, w.tables);
  const cipher = await shared.cipher();
  const publicBaseUrl = w.publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? '';
  // `/f/index.html` where the CDN cannot rewrite directory URLs (set by CDK for the China target).
  const formPath = process.env.FORM_PATH;
  const integration: IntegrationRoutesDeps = {
    oneTime: { store, qrKey: w.qrKey, publicBaseUrl, formPath, clock },
    transaction: {
      store,
      qrKey: w.qrKey,
      transactionKey: transactionBallotKey(w.qrKey),
      publicBaseUrl,
      formPath,
      clock,
      // A number given with consent is kept, encrypted, for one SMS invitation.
      invite:
        cipher &&
        invitationScheduler({
          store: new ReachRepository(w.client, w.tables),
          cipher,
          phoneKey: phoneKeyKey(w.qrKey),
          clock,
        }),
    },
    display: {
      store,
      directory: shared.directory,
      questionnaires: shared.questionnaires,
      qrKey: w.qrKey,
      rotatingKey: shared.rotatingKey,
      publicBaseUrl,
      formPath,
      defaults: shared.defaults,
      clock,
    },
  };
  return publicMoreRoutes({
    integration,
    receipts: new CaseRepository(w.client, { responses: w.tables.responses }),
    withdrawals: {
      store: new WithdrawalRepository(w.client, w.tables.responses),
      questionnaires: shared.questionnaires,
      clock,
    },
  });
}
