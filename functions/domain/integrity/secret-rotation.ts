/**
 * Rotation of the long-lived secrets a level above the unit hands out (integration keys of the
 * window business systems, window-display secrets): a rotation issues a successor and lets the
 * old secret work on for a grace period, so the system or display can switch without a gap; a
 * revocation ends a secret at once.
 */

/** Hours the rotated secret keeps working beside its successor. */
export const ROTATION_GRACE_HOURS = 24;

/** A secret's state as stored. */
export interface SecretLife {
  status: 'active' | 'revoked';
  /** Set by a rotation: the secret stops working at this instant. */
  retiresAt?: string;
  /** The hash (id) of the successor that replaced it. */
  rotatedTo?: string;
}

/** Whether the secret authenticates at `now`: active, and not past its retirement after a rotation. */
export const secretUsable = (s: SecretLife | undefined, now: Date): s is SecretLife & { status: 'active' } =>
  s?.status === 'active' && (s.retiresAt === undefined || now.getTime() < Date.parse(s.retiresAt));

/** When a secret rotated at `now` stops working. */
export const retirementOf = (now: Date): string =>
  new Date(now.getTime() + ROTATION_GRACE_HOURS * 3_600_000).toISOString();
