/** Use cases: a token's QR image, its A4 poster, and the A4 sheet of a unit's codes. */
import type { Principal } from '../../domain/access';
import { authorize, requireAction } from '../../domain/access';
import { posterSvg, type SheetLabel, sheetSvg } from '../../domain/qr-poster';
import { loadToken, notAUnit, requireActive, tokenUrl } from './load';
import type { QrDeps } from './manage-qr-tokens';
import { qrPng, qrSvg } from './qr-image';

/** 1. Checks scope; only active tokens. 2. Renders the URL as a PNG QR code. */
export async function qrTokenPng(deps: QrDeps, p: Principal, tokenId: string): Promise<Buffer> {
  const { token } = await loadToken(deps.store, p, 'qr:read', tokenId);
  requireActive(token);
  return qrPng(tokenUrl(deps, token));
}

/**
 * 1. Checks scope; only active tokens.
 * 2. Loads the unit and the service point names.
 * 3. Builds the A4 poster around the vector QR code.
 */
export async function qrTokenPoster(deps: QrDeps, p: Principal, tokenId: string): Promise<string> {
  const { token, servicePoint } = await loadToken(deps.store, p, 'qr:read', tokenId);
  requireActive(token);
  const unit = (await deps.store.getNodes([servicePoint.parentId!])).get(servicePoint.parentId!);
  return posterSvg({
    unitName: unit?.name['zh-CN'] ?? '',
    servicePointName: servicePoint.name['zh-CN'],
    qrSvg: await qrSvg(tokenUrl(deps, token)),
  });
}

/**
 * 1. Checks the unit is in scope.
 * 2. Collects the active tokens of its active service points.
 * 3. Lays them out on A4 pages, each labelled with the service point's name.
 */
export async function unitQrSheet(deps: QrDeps, p: Principal, unitId: string): Promise<string> {
  requireAction(p, 'qr:read');
  const unit = (await deps.store.getNodes([unitId])).get(unitId);
  authorize(p, 'qr:read', unit);
  if (unit!.kind !== 'unit') throw notAUnit();
  const servicePoints = (await deps.store.children(unitId))
    .filter((n) => n.kind === 'servicePoint' && n.active)
    .sort((a, b) => a.id.localeCompare(b.id));
  const labels: SheetLabel[] = [];
  for (const sp of servicePoints) {
    for (const t of await deps.store.tokensOf(sp.id)) {
      if (t.status !== 'active') continue;
      labels.push({ servicePointName: sp.name['zh-CN'], qrSvg: await qrSvg(tokenUrl(deps, t)) });
    }
  }
  return sheetSvg({ unitName: unit!.name['zh-CN'], labels });
}
