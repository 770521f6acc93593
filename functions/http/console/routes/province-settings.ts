/**
 * A province's score-shaping settings (score mapping, integrity defaults, the units' figures
 * cut-off): read by anyone in the province, written as a new audited version by the province only.
 */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { ProvinceSettingsBodySchema } from '../../../schemas/province-settings';
import {
  getProvinceSettings,
  listProvinceSettingsVersions,
  type ProvinceSettingsDeps,
  putProvinceSettings,
} from '../../../services/settings/province-settings';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

const ProvinceParamSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^\d{2}0000$/, 'a province code')),
});

export interface ProvinceSettingsRoutesDeps {
  provinceSettings: ProvinceSettingsDeps;
}

const doc = (summary: string, description: string) =>
  describeRoute({
    summary,
    description,
    tags: ['settings'],
    security: [{ bearer: [] }],
    responses: { 403: errorResponses[403], 404: errorResponses[404], 409: errorResponses[409] },
  });

export const provinceSettingsRoutes = ({ provinceSettings: deps }: ProvinceSettingsRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get(
      '/provinces/:id/settings',
      doc(
        '评分与真实性设置 Scoring and integrity settings',
        '全省唯一的满意度得分映射、真实性默认设置（静默上限、投票方式、单位网络、开放时间）与单位数据截止；version 0 为系统默认。' +
          " The province's one score mapping, integrity defaults (quiet limits, ballot modes, unit networks," +
          ' opening hours) and the units’ figures cut-off; version 0 means the built-in defaults.',
      ),
      pathParams(ProvinceParamSchema),
      async (c) => c.json(await getProvinceSettings(deps, c.get('principal'), c.req.valid('param').id)),
    )
    .get(
      '/provinces/:id/settings/versions',
      doc(
        '评分与真实性设置的历次版本 Every version of the settings',
        '新版本在前；版本从不修改或删除。 Newest first; versions are never changed or deleted.',
      ),
      pathParams(ProvinceParamSchema),
      async (c) =>
        c.json(await listProvinceSettingsVersions(deps, c.get('principal'), c.req.valid('param').id)),
    )
    .put(
      '/provinces/:id/settings',
      doc(
        '保存新版本（仅省级）Save a new version (province only)',
        '须带上读取时的 expectedVersion；他人已保存更新版本时返回 409。每次保存写入审计记录。' +
          ' Send the expectedVersion you read; a newer version saved meanwhile answers 409. Every save is audited.',
      ),
      pathParams(ProvinceParamSchema),
      jsonBody(ProvinceSettingsBodySchema),
      async (c) =>
        c.json(
          await putProvinceSettings(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        ),
    );
