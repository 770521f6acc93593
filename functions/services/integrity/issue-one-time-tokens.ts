/** Use case: a queue or transaction system asks for one-time ballot tokens, one per transaction. */

import { newOneTimeToken, secretHash } from '../../domain/integrity/ballot-token';
import {
  IntegrationScopeError,
  IntegrationUnauthorizedError,
} from '../../domain/integrity/integration-errors';
import { secretUsable } from '../../domain/integrity/secret-rotation';
import { formUrl, signQrToken } from '../../domain/qr-token';
import type { Clock, QrTokenRecord } from '../ports';
import { type BallotIssuerStore, type BaseUrlSource, type OneTimeTokenRecord, resolveBaseUrl } from './ports';

export interface IssueOneTimeTokensDeps {
  store: BallotIssuerStore;
  qrKey: Buffer;
  publicBaseUrl: BaseUrlSource;
  /** Path of the form under the base URL (default `/f/`). */
  formPath?: string;
  clock: Clock;
}

/** One issued token: print `url` as a QR code on the ticket. */
export interface IssuedBallot {
  ballot: string;
  url: string;
  expiresAt: string;
}

/**
 * Authenticates an integration key (stored hashed) and finds the active static QR token of a
 * service point in its scope (the key's unit, or the service point itself).
 */
export async function authorizedWindow(
  store: BallotIssuerStore,
  integrationKey: string | undefined,
  servicePointId: string,
  now: Date,
) {
  const key = integrationKey ? await store.getIntegrationKey(secretHash(integrationKey)) : undefined;
  if (!secretUsable(key, now)) throw new IntegrationUnauthorizedError();
  const qr = await store.activeQrToken(servicePointId);
  if (!qr || (key.scopeNodeId !== qr.unitId && key.scopeNodeId !== qr.servicePointId))
    throw new IntegrationScopeError();
  return { key, qr };
}

/** The stored record of a fresh one-time token (by hash) at the window of `qr`. */
export const issuedRecord = (
  ballot: string,
  key: { secretHash: string },
  qr: QrTokenRecord,
  now: Date,
  expiresAt: number,
): OneTimeTokenRecord => ({
  tokenHash: secretHash(ballot),
  tokenId: qr.tokenId,
  servicePointId: qr.servicePointId,
  unitId: qr.unitId,
  questionnaireId: qr.questionnaireId,
  state: 'issued',
  issuedAt: now.toISOString(),
  expiresAt,
  issuedBy: key.secretHash.slice(0, 8),
});

/**
 * 1. Authenticates the integration key (stored hashed) and checks the service point is in its scope
 *    (the key's unit, or the service point itself).
 * 2. Finds the service point's active static QR token, to which the ballot is added in the URL.
 * 3. Stores `count` fresh tokens by hash with their expiry (also the TTL attribute) in one transaction.
 * 4. Returns the tokens and their form URLs; the tokens themselves are never stored.
 */
export async function issueOneTimeTokens(
  deps: IssueOneTimeTokensDeps,
  integrationKey: string | undefined,
  req: { servicePointId: string; count: number; ttlMinutes: number },
): Promise<IssuedBallot[]> {
  const now = deps.clock.now();
  const { key, qr } = await authorizedWindow(deps.store, integrationKey, req.servicePointId, now);
  const expiresAt = Math.floor(now.getTime() / 1000) + req.ttlMinutes * 60;
  const issued = Array.from({ length: req.count }, () => newOneTimeToken());
  const records = issued.map((ballot) => issuedRecord(ballot, key, qr, now, expiresAt));
  await deps.store.putOneTimeTokens(records);
  const staticToken = signQrToken(deps.qrKey, qr);
  const base = await resolveBaseUrl(deps.publicBaseUrl);
  return issued.map((ballot) => ({
    ballot,
    url: `${formUrl(base, staticToken, deps.formPath)}&b=${ballot}`,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  }));
}
