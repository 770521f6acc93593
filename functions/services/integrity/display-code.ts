/** Use case: a window display fetches the rotating QR code it shows now. */

import { rotatingDeadlines, secretHash, signRotatingBallot } from '../../domain/integrity/ballot-token';
import { IntegrationUnauthorizedError } from '../../domain/integrity/integration-errors';
import { secretUsable } from '../../domain/integrity/secret-rotation';
import { type IntegrityDefaults, integritySettings } from '../../domain/integrity/settings';
import { formUrl, signQrToken } from '../../domain/qr-token';
import type { Clock, DirectoryReader, QuestionnaireReader } from '../ports';
import { type BallotIssuerStore, type BaseUrlSource, resolveBaseUrl } from './ports';

export interface DisplayCodeDeps {
  store: Pick<BallotIssuerStore, 'getDisplay'>;
  directory: Pick<DirectoryReader, 'getQrToken'>;
  questionnaires: QuestionnaireReader;
  qrKey: Buffer;
  rotatingKey: Buffer;
  publicBaseUrl: BaseUrlSource;
  /** Path of the form under the base URL (default `/f/`). */
  formPath?: string;
  defaults: IntegrityDefaults;
  clock: Clock;
}

/** What the display shows and when it asks again. */
export interface DisplayCode {
  url: string;
  ballot: string;
  issuedAt: string;
  /** After this the code can no longer be opened (server clock). */
  openUntil: string;
  refreshSeconds: number;
}

/** Rotations a display follows at most (each one is a console action). */
const MAX_ROTATIONS_FOLLOWED = 50;

/**
 * The active code of the display's window: its own, or the one that replaced it through rotations
 * (same window and questionnaire). A code revoked without replacement ends the display.
 */
async function currentToken(directory: DisplayCodeDeps['directory'], tokenId: string) {
  let qr = await directory.getQrToken(tokenId);
  const first = qr;
  for (let n = 0; qr?.status !== 'active' && qr?.replacedBy && n < MAX_ROTATIONS_FOLLOWED; n++) {
    qr = await directory.getQrToken(qr.replacedBy);
  }
  const sameWindow =
    qr?.servicePointId === first?.servicePointId && qr?.questionnaireId === first?.questionnaireId;
  return qr?.status === 'active' && sameWindow ? qr : undefined;
}

/**
 * 1. Authenticates the display by its secret (stored hashed) and finds its window's active QR
 *    token, following rotations.
 * 2. Reads the renewal period from the questionnaire's settings.
 * 3. Signs a fresh rotating code bound to the static token, issued now on the server clock.
 */
export async function displayCode(deps: DisplayCodeDeps, secret: string | undefined): Promise<DisplayCode> {
  const display = secret ? await deps.store.getDisplay(secretHash(secret)) : undefined;
  if (!secretUsable(display, deps.clock.now())) throw new IntegrationUnauthorizedError();
  const qr = await currentToken(deps.directory, display.tokenId);
  if (!qr) throw new IntegrationUnauthorizedError();
  const version = await deps.questionnaires.getLatestPublished(qr.questionnaireId);
  const settings = integritySettings(version?.content ?? { settings: undefined }, deps.defaults);
  const now = deps.clock.now();
  const ballot = signRotatingBallot(deps.rotatingKey, qr.tokenId, now);
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const base = await resolveBaseUrl(deps.publicBaseUrl);
  return {
    url: `${formUrl(base, signQrToken(deps.qrKey, qr), deps.formPath)}&b=${ballot}`,
    ballot,
    issuedAt: issuedAt.toISOString(),
    openUntil: rotatingDeadlines(
      issuedAt,
      settings.rotatingSeconds,
      settings.rotatingFillMinutes,
    ).openUntil.toISOString(),
    refreshSeconds: settings.rotatingSeconds,
  };
}
