/**
 * Police service days follow China Standard Time (UTC+8, no daylight saving), so a
 * submission at 07:30 Beijing time lands on the Beijing date even though UTC says yesterday.
 */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The `YYYY-MM-DD` service day in China Standard Time for an instant. */
export function serviceDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
