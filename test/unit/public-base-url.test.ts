import { describe, expect, it } from 'vitest';
import { consoleApiConfig } from '../../functions/handlers/console-api-config';
import { publicApiConfig } from '../../functions/handlers/public-api-config';
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

describe('the HTTP functions parse their environment once, at cold start', () => {
  const tables = {
    TABLE_DIRECTORY: 'd',
    TABLE_QUESTIONNAIRES: 'q',
    TABLE_RESPONSES: 'r',
    TABLE_QUIET_LIMITS: 'l',
  };

  it('public API: tables and the base URL source; a missing table stops the init', () => {
    expect(publicApiConfig({ ...tables, PUBLIC_BASE_URL: 'https://pj.example.gov.cn' })).toEqual({
      tables: { directory: 'd', questionnaires: 'q', responses: 'r' },
      publicBaseUrl: 'https://pj.example.gov.cn',
    });
    expect(() => publicApiConfig({ TABLE_DIRECTORY: 'd' })).toThrow('TABLE_QUESTIONNAIRES');
  });

  it('console API: tables and the token issuer; no issuer stops the init', () => {
    const env = { ...tables, TABLE_SCORING: 's', TABLE_AUDIT: 'a' };
    expect(consoleApiConfig({ ...env, JWT_ISSUER: 'https://idp' }).jwt.issuer).toBe('https://idp');
    expect(() => consoleApiConfig(env)).toThrow('JWT_ISSUER');
  });
});
