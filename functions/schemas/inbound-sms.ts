/**
 * An inbound SMS as AWS End User Messaging SMS (two-way SMS) publishes it to an SNS topic: the
 * JSON message body. Only the fields the opt-out reads are checked; the rest is ignored.
 */
import * as v from 'valibot';

export const InboundSmsSchema = v.object({
  originationNumber: v.pipe(v.string(), v.regex(/^\+?\d{6,16}$/, 'a phone number')),
  messageBody: v.pipe(v.string(), v.maxLength(1600)),
});

export type InboundSms = v.InferOutput<typeof InboundSmsSchema>;
