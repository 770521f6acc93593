import { describe, expect, it } from 'vitest';
import { publicBaseUrlSource } from '../../functions/handlers/public-base-url';

describe('the public base URL of a Lambda function', () => {
  it('is the variable itself when the deployment has a custom domain', () => {
    expect(publicBaseUrlSource({ PUBLIC_BASE_URL: 'https://pj.example.gov.cn' })).toBe(
      'https://pj.example.gov.cn',
    );
  });

  it('is a loader of the SSM parameter otherwise, which touches nothing until called', () => {
    expect(typeof publicBaseUrlSource({ PUBLIC_BASE_URL_PARAMETER: '/kmpj/prod/public-base-url' })).toBe(
      'function',
    );
  });

  it('fails at cold start when neither is set', () => {
    expect(() => publicBaseUrlSource({})).toThrow('PUBLIC_BASE_URL_PARAMETER');
  });
});
