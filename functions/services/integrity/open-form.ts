/** Use case: a citizen opens the form, possibly from a rotating or one-time QR code. */
import { signOpenTime } from '../../domain/integrity/open-time';
import { integritySettings } from '../../domain/integrity/settings';
import type { FormView } from '../../schemas/submission';
import { type GetFormDeps, loadForm } from '../get-form';
import type { Clock } from '../ports';
import { resolveToken } from '../resolve-token';
import type { IntegrityDeps } from './check-integrity';
import type { IntegrityReader } from './ports';
import { resolveBallot } from './resolve-ballot';

/**
 * What opening a form needs of the integrity checks: keys, settings and the one-time token read;
 * no counters, histograms or network ranges.
 */
export type OpenFormIntegrity = Pick<IntegrityDeps, 'rotatingKey' | 'altchaKey' | 'openKey' | 'defaults'> & {
  reader: Pick<IntegrityReader, 'getOneTimeToken'>;
};

export interface OpenFormDeps {
  form: GetFormDeps;
  /** Absent: no checks (benchmark baseline), the view carries no signed open time. */
  integrity?: OpenFormIntegrity;
  clock: Clock;
}

/**
 * 1. Loads the form as before (loadForm: the citizen's view, and the settings for the checks).
 * 2. With a ballot token from the QR URL: checks it now, on the server clock, so an expired
 *    rotating code or a used ticket is told at once rather than after the citizen has answered.
 *    Without one, a questionnaire that accepts no static ballots is refused here too.
 * 3. Stamps the view with the signed open time, which the submission sends back (open-time.ts).
 */
export async function openForm(
  deps: OpenFormDeps,
  token: string,
  ballot: string | undefined,
): Promise<FormView> {
  const { view, content, record } = await loadForm(deps.form, token);
  if (!deps.integrity) return view;
  const settings = integritySettings(content, deps.integrity.defaults);
  const now = deps.clock.now();
  await resolveBallot(settings, record, ballot, now, 'open', {
    rotatingKey: deps.integrity.rotatingKey,
    reader: deps.integrity.reader,
  });
  return { ...view, opened: signOpenTime(deps.integrity.openKey, record.tokenId, now) };
}

/**
 * Use case: the form asks for a proof-of-work challenge (only questionnaires with ALTCHA on). The
 * ALTCHA library is imported here, on the first challenge, rather than with the form.
 */
export async function altchaChallenge(deps: OpenFormDeps, token: string) {
  const record = await resolveToken(token, deps.form.qrKey, (id) => deps.form.directory.getQrToken(id));
  if (!deps.integrity) return undefined;
  const { issueAltchaChallenge } = await import('./altcha');
  return issueAltchaChallenge(deps.integrity.altchaKey, record.tokenId, deps.clock);
}
