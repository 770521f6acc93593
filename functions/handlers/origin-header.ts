/** The origin-verify header in a CloudFront distribution's configuration (pure). */
import type { DistributionConfig } from '@aws-sdk/client-cloudfront';

/**
 * The distribution configuration with `value` as the header of every origin that already sends
 * it, and the number of such origins. Pure: the caller sends the result.
 */
export function withOriginHeader(
  config: DistributionConfig,
  header: string,
  value: string,
): { config: DistributionConfig; origins: number } {
  let origins = 0;
  const items = (config.Origins?.Items ?? []).map((origin) => {
    const headers = origin.CustomHeaders?.Items ?? [];
    if (!headers.some((h) => h.HeaderName?.toLowerCase() === header)) return origin;
    origins++;
    const updated = headers.map((h) =>
      h.HeaderName?.toLowerCase() === header ? { ...h, HeaderValue: value } : h,
    );
    return { ...origin, CustomHeaders: { Quantity: updated.length, Items: updated } };
  });
  return {
    config: { ...config, Origins: { Quantity: items.length, Items: items } } as DistributionConfig,
    origins,
  };
}

/** The values the distribution sends in the header (one per origin that sends it). */
export function originHeaderValues(config: DistributionConfig, header: string): string[] {
  return (config.Origins?.Items ?? []).flatMap((o) =>
    (o.CustomHeaders?.Items ?? [])
      .filter((h) => h.HeaderName?.toLowerCase() === header)
      .map((h) => h.HeaderValue ?? ''),
  );
}
