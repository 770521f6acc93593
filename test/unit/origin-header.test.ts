import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { describe, expect, it } from 'vitest';
import { originHeaderValues, withOriginHeader } from '../../functions/handlers/origin-header';

const config = {
  Origins: {
    Quantity: 3,
    Items: [
      { Id: 'web', DomainName: 'web.s3.amazonaws.com' },
      {
        Id: 'public-api',
        DomainName: 'abc.execute-api.cn-north-1.amazonaws.com.cn',
        CustomHeaders: {
          Quantity: 2,
          Items: [
            { HeaderName: 'X-Kmpj-Origin-Verify', HeaderValue: 'old' },
            { HeaderName: 'x-other', HeaderValue: 'keep' },
          ],
        },
      },
      { Id: 'console-api', DomainName: 'def.execute-api.cn-north-1.amazonaws.com.cn' },
    ],
  },
} as unknown as DistributionConfig;

describe('origin-verify header in the distribution', () => {
  it('sets the new value on the origins that send the header, and leaves everything else', () => {
    const { config: next, origins } = withOriginHeader(config, 'x-kmpj-origin-verify', 'new');
    expect(origins).toBe(1);
    expect(originHeaderValues(next, 'x-kmpj-origin-verify')).toEqual(['new']);
    expect(next.Origins?.Items?.[1]?.CustomHeaders?.Items?.[1]).toEqual({
      HeaderName: 'x-other',
      HeaderValue: 'keep',
    });
    expect(next.Origins?.Items?.[0]).toEqual(config.Origins?.Items?.[0]);
    expect(originHeaderValues(config, 'x-kmpj-origin-verify')).toEqual(['old']);
  });

  it('reports a distribution without the header, so the rotation stops instead of losing it', () => {
    expect(withOriginHeader(config, 'x-absent', 'new').origins).toBe(0);
  });
});
