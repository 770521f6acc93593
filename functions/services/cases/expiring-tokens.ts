/**
 * A visit's QR code stops working when the visit window ends. The token readers of the
 * citizen form wrap the Directory with this, so that an expired code answers like a withdrawn one
 * (410) both when the form opens and when it is submitted. A code's expiry never changes once
 * issued, so checking it on a cached record is exact.
 */
import { isExpired } from '../../domain/cases/visit';
import type { Clock, DirectoryReader, QrTokenRecord } from '../ports';

type LoadToken = (tokenId: string) => Promise<QrTokenRecord | undefined>;

/** `load`, with a code past its expiry reported as revoked. */
export const expiringTokenLoader =
  (load: LoadToken, clock: Clock): LoadToken =>
  async (tokenId) => {
    const record = await load(tokenId);
    return record && isExpired(record, clock.now()) ? { ...record, status: 'revoked' } : record;
  };

/** `directory`, with expired codes reported as revoked (see {@link expiringTokenLoader}). */
export const expiringDirectory = (directory: DirectoryReader, clock: Clock): DirectoryReader => ({
  getQrToken: expiringTokenLoader((id) => directory.getQrToken(id), clock),
  getNodes: (ids) => directory.getNodes(ids),
});
