/**
 * 机构模板 The file an agency fills in: the columns the import reads for this campaign (the fixed
 * ones, then one per question), and in XLSX the county codes in scope and how to fill each column.
 */
import type { Principal } from '../../domain/access';
import { roleAllows } from '../../domain/access';
import type { Campaign } from '../../domain/campaign';
import { type ExportFile, type ExportFormat, renderExport } from '../exports/render';
import type { Sheet } from '../exports/sheet';
import type { CampaignDeps } from './ports';
import { countiesOf, loadCampaign } from './scope';

/** The fixed columns, in the order the template lists them (the import also takes their Chinese names). */
export const FIXED_COLUMNS = ['interview_id', 'county_code', 'date', 'mode', 'weight'] as const;

/** The header row of a campaign's agency file. */
export const templateHeader = (c: Pick<Campaign, 'questions'>): string[] => [
  ...FIXED_COLUMNS,
  ...c.questions.map((q) => q.id),
];

/** What goes in each column, zh-CN then English, for the XLSX's 填写说明 sheet. */
function instructions(c: Campaign): Sheet {
  const fixed: [string, string, string][] = [
    [
      'interview_id',
      '访问编号：本机构内唯一，字母、数字、- 或 _，最长 64',
      'Interview id, unique, [A-Za-z0-9_-]{1,64}',
    ],
    [
      'county_code',
      '区县代码：6 位行政区划代码，见“区县代码”表',
      'County code (GB/T 2260), see the county sheet',
    ],
    [
      'date',
      `访问日期：YYYY-MM-DD，在 ${c.periodFrom} 至 ${c.periodTo} 之间`,
      `Interview date within ${c.periodFrom}…${c.periodTo}`,
    ],
    ['mode', '访问方式：phone（电话）、face_to_face（面访）或 sms（短信）', 'phone, face_to_face or sms'],
    [
      'weight',
      '权重（可选）：事后分层权重，正数；留空按 1',
      'Post-stratification weight (optional, default 1)',
    ],
  ];
  const questions = c.questions.map((q): [string, string, string] => [
    q.id,
    `${q.text['zh-CN']}：1 非常不满意 … 5 非常满意（也可写汉字）；不了解或拒答留空`,
    `${q.text.en}: 1 very dissatisfied … 5 very satisfied; blank when not answered`,
  ]);
  return { name: '填写说明', header: ['列 Column', '填写要求', 'Meaning'], rows: [...fixed, ...questions] };
}

/**
 * 1. The campaign's own agency (campaign:upload) or staff who may read it (campaign:read); others 403/404.
 * 2. CSV: the header row alone (UTF-8 with BOM, as Excel expects). XLSX: the header on the first
 *    sheet (the one the import reads), then the counties in scope and the instructions.
 */
export async function agencyTemplate(
  deps: Pick<CampaignDeps, 'store' | 'org'>,
  p: Principal,
  id: string,
  format: ExportFormat,
): Promise<ExportFile> {
  const action = roleAllows(p.role, 'campaign:upload') ? 'campaign:upload' : 'campaign:read';
  const c = await loadCampaign(deps.store, p, action, id);
  const data: Sheet = { name: '访问数据', header: templateHeader(c), rows: [] };
  const extra: Sheet[] = [];
  if (format === 'xlsx') {
    const counties = await countiesOf(deps.org, c.provinceId);
    const cities = await deps.org.getNodes([...new Set(counties.map((k) => k.parentId!))]);
    extra.push(
      {
        name: '区县代码',
        header: ['county_code', '区县', '所属市'],
        rows: counties.map((k) => [k.id, k.name['zh-CN'], cities.get(k.parentId!)?.name['zh-CN'] ?? '']),
      },
      instructions(c),
    );
  }
  return renderExport(
    data,
    format,
    { ascii: `agency-template-${c.id}`, name: `${c.name['zh-CN']}-机构模板` },
    undefined,
    extra,
  );
}
