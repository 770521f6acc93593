/** Masking of phone numbers shown to staff: 13812345678 → 138****5678. */

/** Keeps the first three and last four digits; anything shorter is fully masked. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length || 4);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const MOBILE_PHONE = /^1[3-9]\d{9}$/;
