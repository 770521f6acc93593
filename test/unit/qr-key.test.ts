import { Readable } from 'node:stream';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { readSecretString, secretsClient as sharedSecretsClient } from '../../functions/db/secrets';
import { loadQrKey } from '../../functions/handlers/qr-key';

const ARN = 'arn:aws:secretsmanager:cn-north-1:111122223333:secret:kmpj-qr-AbCdEf';

/** A real Secrets Manager client whose HTTP handler answers GetSecretValue for one secret. */
function secretsClient(secrets: Record<string, string>, seen: string[]) {
  return new SecretsManagerClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: {
      async handle(request: HttpRequest) {
        const body = JSON.parse(String(request.body)) as { SecretId: string };
        seen.push(`${request.headers['x-amz-target']} ${body.SecretId}`);
        const value = secrets[body.SecretId];
        const [status, reply, type] =
          value === undefined
            ? [
                400,
                { __type: 'ResourceNotFoundException', message: 'no such secret' },
                'ResourceNotFoundException',
              ]
            : [200, { ARN: body.SecretId, SecretString: value }, undefined];
        return {
          response: new HttpResponse({
            statusCode: status,
            headers: {
              'content-type': 'application/x-amz-json-1.1',
              ...(type ? { 'x-amzn-errortype': type } : {}),
            },
            body: Readable.from([Buffer.from(JSON.stringify(reply))]),
          }),
        };
      },
    },
  });
}

describe('loadQrKey', () => {
  it('reads the key from the secret named by QR_SECRET_ARN', async () => {
    const seen: string[] = [];
    const client = secretsClient({ [ARN]: 'k'.repeat(40) }, seen);
    const key = await loadQrKey({ QR_SECRET_ARN: ARN }, (id) => readSecretString(id, client));
    expect(key.toString('utf8')).toBe('k'.repeat(40));
    expect(seen).toEqual([`secretsmanager.GetSecretValue ${ARN}`]);
  });

  it('takes QR_SECRET as the key itself without calling Secrets Manager', async () => {
    const key = await loadQrKey({ QR_SECRET: 's'.repeat(32) }, () => {
      throw new Error('must not be read');
    });
    expect(key.length).toBe(32);
  });

  it('fails the init naming the missing variable, a short key, or a missing secret', async () => {
    await expect(loadQrKey({})).rejects.toThrow(/QR_SECRET_ARN/);
    await expect(loadQrKey({ QR_SECRET: 'short' })).rejects.toThrow(/shorter than 32/);
    const client = secretsClient({}, []);
    await expect(loadQrKey({ QR_SECRET_ARN: ARN }, (id) => readSecretString(id, client))).rejects.toThrow(
      /no such secret/,
    );
  });

  it('reads every secret of a process through one Secrets Manager client (one connection)', () => {
    const first = sharedSecretsClient();
    expect(first).toBeInstanceOf(SecretsManagerClient);
    expect(sharedSecretsClient()).toBe(first);
  });
});
