/**
 * Integration secrets: window-display secrets (rotating QR codes) and integration keys
 * (one-time tokens for queue systems). Create returns the secret once; lists never do.
 */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { NodeIdParamSchema } from '../../../schemas/console/common';
import {
  createDisplay,
  listDisplays,
  type ManageDisplaysDeps,
  revokeDisplay,
  rotateDisplay,
} from '../../../services/integrity/manage-displays';
import {
  createIntegrationKey,
  type KeyScopeKind,
  listIntegrationKeys,
  type ManageIntegrationKeysDeps,
  revokeIntegrationKey,
  rotateIntegrationKey,
} from '../../../services/integrity/manage-integration-keys';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export interface IntegrationSecretRoutesDeps {
  integrationSecrets: { displays: ManageDisplaysDeps; keys: ManageIntegrationKeysDeps };
}

const Label = v.pipe(v.string(), v.trim(), v.minLength(1, 'required'), v.maxLength(60));

export const CreateDisplayBodySchema = v.strictObject({
  /** Where the display hangs, e.g. 「2号窗口 上方屏」; defaults to the service point's name. */
  label: v.optional(Label),
  /** The static QR token to show rotating codes for; defaults to the service point's newest active one. */
  tokenId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{11}$/, 'malformed token id'))),
});

export const CreateIntegrationKeyBodySchema = v.strictObject({
  /** Which system holds the key, e.g. 「大厅叫号机」. */
  label: Label,
});

/** A secret's fingerprint (secretHash: 24 bytes of SHA-256 in base64url). */
export const SecretIdParamSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{32}$/, 'malformed id')),
});

const doc = (summary: string, extra: Record<number, { description: string }> = {}) =>
  describeRoute({
    summary,
    tags: ['integrations'],
    security: [{ bearer: [] }],
    responses: { 403: errorResponses[403], 404: errorResponses[404], ...extra },
  });

const created = { 201: { description: '密钥仅在此返回一次 The secret, returned this once only' } };

export const integrationSecretRoutes = ({
  integrationSecrets: { displays, keys },
}: IntegrationSecretRoutesDeps) => {
  const keyRoutes = (kind: KeyScopeKind, base: string, what: string) =>
    new Hono<ConsoleEnv>()
      .get(
        `${base}/:id/integration-keys`,
        doc(`${what}的接入密钥（不含密钥本身）Integration keys (never the secret)`),
        pathParams(NodeIdParamSchema),
        async (c) =>
          c.json(await listIntegrationKeys(keys, c.get('principal'), kind, c.req.valid('param').id)),
      )
      .post(
        `${base}/:id/integration-keys`,
        doc(`为${what}签发接入密钥 Issue an integration key for one-time tokens`, {
          ...created,
          409: errorResponses[409],
        }),
        pathParams(NodeIdParamSchema),
        jsonBody(CreateIntegrationKeyBodySchema),
        async (c) =>
          c.json(
            await createIntegrationKey(
              keys,
              c.get('principal'),
              kind,
              c.req.valid('param').id,
              c.req.valid('json'),
            ),
            201,
          ),
      );

  return new Hono<ConsoleEnv>()
    .get(
      '/service-points/:id/displays',
      doc('窗口显示屏（不含密钥）Window displays (never the secret)'),
      pathParams(NodeIdParamSchema),
      async (c) => c.json(await listDisplays(displays, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/service-points/:id/displays',
      doc('新建窗口显示屏（动态二维码）Create a window display (rotating QR code)', {
        ...created,
        409: errorResponses[409],
      }),
      pathParams(NodeIdParamSchema),
      jsonBody(CreateDisplayBodySchema),
      async (c) =>
        c.json(
          await createDisplay(displays, c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .post(
      '/displays/:id/revoke',
      doc('停用显示屏密钥（立即生效）Revoke a display secret (immediate)', { 409: errorResponses[409] }),
      pathParams(SecretIdParamSchema),
      async (c) => c.json(await revokeDisplay(displays, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/displays/:id/rotate',
      doc('轮换显示屏密钥（旧密钥 24 小时后失效）Rotate a display secret (the old one works 24 h more)', {
        201: { description: 'CreatedDisplay & { retired }' },
        409: errorResponses[409],
      }),
      pathParams(SecretIdParamSchema),
      async (c) => c.json(await rotateDisplay(displays, c.get('principal'), c.req.valid('param').id), 201),
    )
    .route('/', keyRoutes('unit', '/units', '单位'))
    .route('/', keyRoutes('servicePoint', '/service-points', '窗口'))
    .post(
      '/integration-keys/:id/revoke',
      doc('停用接入密钥（立即生效）Revoke an integration key (immediate)', { 409: errorResponses[409] }),
      pathParams(SecretIdParamSchema),
      async (c) => c.json(await revokeIntegrationKey(keys, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/integration-keys/:id/rotate',
      doc('轮换接入密钥（旧密钥 24 小时后失效）Rotate an integration key (the old one works 24 h more)', {
        201: { description: 'CreatedIntegrationKey & { retired }' },
        409: errorResponses[409],
      }),
      pathParams(SecretIdParamSchema),
      async (c) => c.json(await rotateIntegrationKey(keys, c.get('principal'), c.req.valid('param').id), 201),
    );
};
