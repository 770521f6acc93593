/**
 * Reading one agency row into an interview, or into precise reasons why not (line, column, reason).
 * A row is taken whole or refused whole: a half-read interview would bias the indicators it skips.
 */
import type { CampaignSettings, Interview, InterviewMode } from '../../../domain/campaign';
import { neutraliseCell } from '../../../domain/spreadsheet-safety';

export interface RowIssue {
  line: number;
  column: string;
  value: string;
  reason: string;
  reasonEn: string;
}

/** Column names accepted for each fixed field (English first, then the usual Chinese headers). */
/** A plain decimal such as 2, 0.75 or .5: no sign, exponent, hex or thousands separator. */
const PLAIN_DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

const ALIASES: Record<'interviewId' | 'countyCode' | 'date' | 'mode' | 'weight', string[]> = {
  interviewId: ['interview_id', '访问编号', '样本编号'],
  countyCode: ['county_code', '区县代码', '县区代码'],
  date: ['date', '访问日期', '日期'],
  mode: ['mode', '访问方式', '方式'],
  weight: ['weight', '权重'],
};

const MODES: Record<string, InterviewMode> = {
  phone: 'phone',
  电话: 'phone',
  cati: 'phone',
  face_to_face: 'face_to_face',
  面访: 'face_to_face',
  入户: 'face_to_face',
  sms: 'sms',
  短信: 'sms',
};

const LEVEL_WORDS: Record<string, number> = {
  非常满意: 5,
  满意: 4,
  基本满意: 3,
  不满意: 2,
  非常不满意: 1,
};

/** Cells meaning "not answered" (不了解 / 拒答): the interview simply has no answer there. */
const NOT_ANSWERED = new Set(['', '不了解', '拒答', '不清楚', 'na', 'n/a']);

export interface Header {
  index: Record<'interviewId' | 'countyCode' | 'date' | 'mode', number> & { weight?: number };
  questions: { id: string; index: number }[];
}

/** Maps header cells to fields, or lists the missing columns (the whole file is then refused). */
export function readHeader(
  cells: readonly string[],
  questions: CampaignSettings['questions'],
): { header: Header } | { missing: string[] } {
  const norm = cells.map((c) => c.trim().toLowerCase());
  const find = (names: string[]) => {
    const wanted = names.map((n) => n.toLowerCase());
    return norm.findIndex((c) => wanted.includes(c));
  };
  const missing: string[] = [];
  const fixed = {} as Header['index'];
  for (const key of ['interviewId', 'countyCode', 'date', 'mode'] as const) {
    const i = find(ALIASES[key]);
    if (i < 0) missing.push(ALIASES[key][0]!);
    fixed[key] = i;
  }
  const w = find(ALIASES.weight);
  if (w >= 0) fixed.weight = w;
  const qs = questions.map((q) => ({ id: q.id, index: find([q.id]) }));
  for (const q of qs) if (q.index < 0) missing.push(q.id);
  return missing.length > 0 ? { missing } : { header: { index: fixed, questions: qs } };
}

export interface RowContext {
  settings: Pick<CampaignSettings, 'periodFrom' | 'periodTo' | 'weightCap'>;
  counties: ReadonlySet<string>;
  uploadId: string;
}

const ID = /^[0-9A-Za-z_-]{1,64}$/;

/** Validates one data row; returns the interview or every problem found in it. */
export function readRow(
  header: Header,
  line: number,
  cells: readonly string[],
  ctx: RowContext,
): { interview: Interview } | { issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const cell = (i: number) => (cells[i] ?? '').trim();
  const bad = (column: string, value: string, reason: string, reasonEn: string) =>
    issues.push({ line, column, value, reason, reasonEn });

  const interviewId = cell(header.index.interviewId);
  if (!ID.test(interviewId)) {
    bad(
      'interview_id',
      interviewId,
      '访问编号为空或含非法字符（仅限字母、数字、-、_，最长 64）',
      'Missing or malformed interview id',
    );
  }
  const countyId = cell(header.index.countyCode);
  if (!ctx.counties.has(countyId)) {
    bad('county_code', countyId, '区县代码不在本次测评范围内', "County code is not in this campaign's scope");
  }
  const dateRaw = cell(header.index.date).replace(/\//g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(dateRaw);
  const day = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
  const valid =
    m &&
    !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
    new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
  if (!valid) {
    bad('date', cell(header.index.date), '日期格式应为 YYYY-MM-DD', 'Date must be YYYY-MM-DD');
  } else if (day < ctx.settings.periodFrom || day > ctx.settings.periodTo) {
    bad(
      'date',
      day,
      `日期不在测评期内（${ctx.settings.periodFrom} 至 ${ctx.settings.periodTo}）`,
      'Date is outside the campaign period',
    );
  }
  const modeRaw = cell(header.index.mode);
  const mode = MODES[modeRaw.toLowerCase()];
  if (!mode)
    bad(
      'mode',
      modeRaw,
      '访问方式须为 电话/面访/短信（phone/face_to_face/sms）',
      'Mode must be phone, face_to_face or sms',
    );
  let weight = 1;
  if (header.index.weight !== undefined) {
    const raw = cell(header.index.weight);
    if (raw !== '') {
      // Plain decimals only: Number() would also read 0x10 as 16 and 1e2 as 100.
      weight = PLAIN_DECIMAL.test(raw) ? Number(raw) : Number.NaN;
      if (!(Number.isFinite(weight) && weight > 0 && weight <= 1000)) {
        bad(
          'weight',
          raw,
          '权重须为大于 0、不超过 1000 的普通小数（如 1.25）',
          'Weight must be a plain decimal in (0, 1000], such as 1.25',
        );
      }
    }
  }
  // Trimming at the campaign's cap, fixed before collection: the counted weight, and the filed one beside.
  const cap = ctx.settings.weightCap;
  const trimmed = cap !== undefined && weight > cap ? { weight: cap, weightAsFiled: weight } : { weight };
  const answers: Record<string, number> = {};
  for (const q of header.questions) {
    const raw = cell(q.index);
    if (NOT_ANSWERED.has(raw.toLowerCase())) continue;
    const level = LEVEL_WORDS[raw] ?? (/^[1-5]$/.test(raw) ? Number(raw) : undefined);
    if (level === undefined) {
      bad(
        q.id,
        raw,
        '答案须为 1–5 或 非常满意/满意/基本满意/不满意/非常不满意，未答留空',
        'Answer must be 1–5 (or a level word); leave blank if not answered',
      );
    } else {
      answers[q.id] = level;
    }
  }
  if (issues.length === 0 && Object.keys(answers).length === 0) {
    bad('(row)', '', '该行没有任何有效答案', 'The row answers no question');
  }
  if (issues.length > 0) return { issues };
  return {
    interview: { interviewId, countyId, day, mode: mode!, ...trimmed, answers, uploadId: ctx.uploadId, line },
  };
}

/** The error report as CSV (UTF-8 with BOM so that Excel opens it correctly). */
export function issuesCsv(issues: readonly RowIssue[]): string {
  const q = (raw: string) => {
    const s = neutraliseCell(raw);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    'line,column,value,reason,reason_en',
    ...issues.map((i) => [String(i.line), i.column, i.value, i.reason, i.reasonEn].map(q).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
