/** Third-party evaluation campaigns: setup, agency uploads, publication and scoped results. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { DirectUploadQuerySchema, PresignUploadBodySchema } from '../../../schemas/console/campaign-uploads';
import {
  CampaignIdParamSchema,
  ChangesQuerySchema,
  CountyParamSchema,
  CreateCampaignBodySchema,
  DownloadQuerySchema,
  PublishBodySchema,
  ReopenBodySchema,
  ResultsQuerySchema,
  TemplateQuerySchema,
  UploadBodySchema,
  UploadParamSchema,
  VersionParamSchema,
} from '../../../schemas/console/campaigns';
import { agencyTemplate } from '../../../services/campaigns/agency-template';
import { campaignChanges } from '../../../services/campaigns/campaign-changes';
import { createCampaign } from '../../../services/campaigns/create-campaign';
import type { CampaignDeps } from '../../../services/campaigns/ports';
import { requestUpload } from '../../../services/campaigns/presign-upload';
import { previewRanking, publishSnapshot, reopenCampaign } from '../../../services/campaigns/publish';
import {
  countyTrend,
  downloadSnapshot,
  getCampaign,
  listCampaigns,
  readResults,
} from '../../../services/campaigns/read-results';
import { getErrorReport, getUpload, uploadFile } from '../../../services/campaigns/upload-file';
import { listUploads, withdrawUpload } from '../../../services/campaigns/withdraw-upload';
import type { ConsoleContext } from '../../../services/console-ports';
import { jsonBody, pathParams, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export interface CampaignRoutesDeps {
  campaigns: CampaignDeps;
  ctx: ConsoleContext;
}

const doc = (summary: string) => describeRoute({ summary, tags: ['campaigns'], security: [{ bearer: [] }] });

export const campaignRoutes = ({ campaigns: deps, ctx }: CampaignRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get('/', doc('测评活动列表 List campaigns'), async (c) =>
      c.json(await listCampaigns(deps, c.get('principal'))),
    )
    .post('/', doc('新建测评活动 Set up a campaign'), jsonBody(CreateCampaignBodySchema), async (c) =>
      c.json(await createCampaign(deps, ctx, c.get('principal'), c.req.valid('json')), 201),
    )
    .get(
      '/counties/:countyId/trend',
      doc('区县历次测评 County trend'),
      pathParams(CountyParamSchema),
      async (c) => c.json(await countyTrend(deps, c.get('principal'), c.req.valid('param').countyId)),
    )
    .get(
      '/:id/changes',
      doc(
        '区县变化 Each county’s change since another comparable campaign, with intervals, Holm-adjusted tests and the most improved',
      ),
      pathParams(CampaignIdParamSchema),
      queryParams(ChangesQuerySchema),
      async (c) => {
        const q = c.req.valid('query');
        return c.json(
          await campaignChanges(deps, c.get('principal'), c.req.valid('param').id, q.from, q.indicator),
        );
      },
    )
    .get(
      '/:id/template',
      doc('机构模板 The agency file template (CSV header, or XLSX with county codes and instructions)'),
      pathParams(CampaignIdParamSchema),
      queryParams(TemplateQuerySchema),
      async (c) => {
        const f = await agencyTemplate(
          deps,
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('query').format,
        );
        return c.body(f.body as string | ArrayBuffer, 200, f.headers);
      },
    )
    .get('/:id', doc('测评活动 Campaign'), pathParams(CampaignIdParamSchema), async (c) =>
      c.json(await getCampaign(deps, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/:id/uploads/presign',
      doc('上传申请 Announce an upload: presigned S3 PUT or the direct route'),
      pathParams(CampaignIdParamSchema),
      jsonBody(PresignUploadBodySchema),
      async (c) =>
        c.json(
          await requestUpload(deps, ctx, c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .post(
      '/:id/uploads',
      doc('上传访问数据 Upload interviews (CSV/XLSX, base64)'),
      pathParams(CampaignIdParamSchema),
      queryParams(DirectUploadQuerySchema),
      jsonBody(UploadBodySchema),
      async (c) => {
        const body = c.req.valid('json');
        const file = {
          fileName: body.fileName,
          bytes: new Uint8Array(Buffer.from(body.contentBase64, 'base64')),
        };
        const { id } = c.req.valid('param');
        const ticket = c.req.valid('query').uploadId;
        return c.json(await uploadFile(deps, ctx, c.get('principal'), id, file, undefined, ticket), 201);
      },
    )
    .get('/:id/uploads', doc('上传记录 Uploads'), pathParams(CampaignIdParamSchema), async (c) =>
      c.json(await listUploads(deps, ctx, c.get('principal'), c.req.valid('param').id)),
    )
    .get(
      '/:id/uploads/:uploadId',
      doc('上传进度 Upload progress'),
      pathParams(UploadParamSchema),
      async (c) => {
        const { id, uploadId } = c.req.valid('param');
        return c.json(await getUpload(deps, ctx, c.get('principal'), id, uploadId));
      },
    )
    .get(
      '/:id/uploads/:uploadId/errors',
      doc('逐行错误报告 Row error report (CSV)'),
      pathParams(UploadParamSchema),
      async (c) => {
        const { id, uploadId } = c.req.valid('param');
        return c.body(await getErrorReport(deps, c.get('principal'), id, uploadId), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="upload-${uploadId}-errors.csv"`,
        });
      },
    )
    .post(
      '/:id/uploads/:uploadId/withdraw',
      doc('撤回上传 Withdraw an upload'),
      pathParams(UploadParamSchema),
      async (c) => {
        const { id, uploadId } = c.req.valid('param');
        return c.json(await withdrawUpload(deps, ctx, c.get('principal'), id, uploadId));
      },
    )
    .get('/:id/preview', doc('排名预览 Preview the ranking'), pathParams(CampaignIdParamSchema), async (c) =>
      c.json(await previewRanking(deps, ctx, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/:id/publish',
      doc('发布 Publish a snapshot'),
      pathParams(CampaignIdParamSchema),
      jsonBody(PublishBodySchema),
      async (c) =>
        c.json(
          await publishSnapshot(
            deps,
            ctx,
            c.get('principal'),
            c.req.valid('param').id,
            c.req.valid('json').note,
          ),
          201,
        ),
    )
    .post(
      '/:id/reopen',
      doc('开启更正 Reopen for a correction'),
      pathParams(CampaignIdParamSchema),
      jsonBody(ReopenBodySchema),
      async (c) =>
        c.json(
          await reopenCampaign(
            deps,
            ctx,
            c.get('principal'),
            c.req.valid('param').id,
            c.req.valid('json').reason,
          ),
        ),
    )
    .get(
      '/:id/results',
      doc('测评结果 Results within scope'),
      pathParams(CampaignIdParamSchema),
      queryParams(ResultsQuerySchema),
      async (c) => {
        const v = c.req.valid('query').version;
        return c.json(
          await readResults(deps, c.get('principal'), c.req.valid('param').id, v ? Number(v) : undefined),
        );
      },
    )
    .get(
      '/:id/snapshots/:version/download',
      doc('下载快照 Download a snapshot (JSON/CSV/XLSX)'),
      pathParams(VersionParamSchema),
      queryParams(DownloadQuerySchema),
      async (c) => {
        const { id, version } = c.req.valid('param');
        const f = await downloadSnapshot(
          deps,
          c.get('principal'),
          id,
          Number(version),
          c.req.valid('query').format,
        );
        return c.body(f.body as string | ArrayBuffer, 200, {
          'content-type': f.contentType,
          'content-disposition': `attachment; filename="${f.fileName}"`,
        });
      },
    );
