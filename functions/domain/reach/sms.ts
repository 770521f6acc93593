/** SMS invitations: the text, opt-out replies, and the keyed hash that stands for a number. */
import { createHmac } from 'node:crypto';
import { halfJitterBackoffMs } from './push-record';

/** The derived key for phone hashes (daily limit, opt-out), separate from the QR key it comes from. */
export const phoneKeyKey = (rootKey: Buffer): Buffer =>
  createHmac('sha256', rootKey).update('kmpj:reach:phone:v1').digest();

/** Keyed hash of a mobile number: the daily limit and the opt-out list never hold the number. */
export const phoneKeyOf = (key: Buffer, mobile: string): string =>
  createHmac('sha256', key)
    .update(mobile.replace(/^\+?86/, ''))
    .digest()
    .subarray(0, 16)
    .toString('base64url');

/** Replies that opt a number out of invitations (退订). */
export const isOptOutReply = (body: string): boolean => /^\s*(TD|T|N|退订|退订短信)\s*$/i.test(body);

/** The invitation: who asks, about what, the one-time link, and how to opt out. */
export const invitationText = (matter: string, url: string): string =>
  `【开门评警】您刚办理的“${matter}”业务，欢迎评价：${url} 回复TD退订`;

/**
 * Sends of one invitation the provider may refuse before it is given up (`failed`): the
 * provider said it took nothing (throttled, for example), so each retry is safe.
 */
export const MAX_SMS_ATTEMPTS = 5;

/** Delay before attempt `attempts + 1` of an invitation the provider refused: 1 min doubling, at most 30 min. */
export const smsRetryDelayMs = (attempts: number, random: () => number = Math.random): number =>
  halfJitterBackoffMs(attempts, 60_000, 1_800_000, random);
