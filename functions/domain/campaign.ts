/**
 * 测评活动 A third-party evaluation campaign: a province commissions a survey agency to interview
 * residents of its counties; only those interviews make the official ranking.
 */
import type { LocalizedText } from '../schemas/questionnaire';
import { addSums, answerSums, emptySums, type IndicatorSums } from './scoring/aggregate';

export type InterviewMode = 'phone' | 'face_to_face' | 'sms';
export const INTERVIEW_MODES: readonly InterviewMode[] = ['phone', 'face_to_face', 'sms'];

/** The pseudo-indicator holding each respondent's weighted composite (its spread gives the composite's interval). */
export const COMPOSITE = '_composite';

export interface CampaignIndicator {
  /** e.g. `overall`, `window`, `traffic`, `safety`, `antigang`. */
  code: string;
  name: LocalizedText;
  /** Weight in the composite; the weights of a campaign sum to 1. */
  weight: number;
}

/** One interview question; its indicator code maps it to exactly one indicator. */
export interface CampaignQuestion {
  /** Column name in the agency's file. */
  id: string;
  indicator: string;
  text: LocalizedText;
}

export type CampaignStatus = 'open' | 'published';

/** Who, besides the province and a city for its own counties, sees every county's figures. */
export type Disclosure = 'all_counties' | 'own_county';

export interface CampaignSettings {
  name: LocalizedText;
  /** Interview dates allowed, inclusive (YYYY-MM-DD). */
  periodFrom: string;
  periodTo: string;
  indicators: CampaignIndicator[];
  questions: CampaignQuestion[];
  /** Scores of levels 1 … 5 (非常不满意 … 非常满意), default 0/30/60/80/100. */
  levelScores: [number, number, number, number, number];
  /** Lowest level counted as satisfied; default 3 (the top three levels). */
  satisfiedFrom: 1 | 2 | 3 | 4 | 5;
  /** Minimum Kish effective sample size per county and indicator to be ranked (at least 10). */
  minSample: number;
  agencyId: string;
  agencyName: string;
  disclosure: Disclosure;
  /** Decimals of published scores; ranks are taken at this rounding. */
  decimals: number;
  /** |agency − QR self-rating| in points at which a county is flagged. */
  divergenceThreshold: number;
  /**
   * What the ranking is taken on: the direct estimates (default) or the Fay–Herriot small-area
   * estimates. Set when the campaign is created, before any interview, and never changed.
   */
  rankingEstimate?: 'direct' | 'fay_herriot';
  /**
   * Weight trimming: a post-stratification weight above this cap is counted at the cap (the
   * weight as filed is kept beside it). Set at creation, before any interview; absent = no trimming.
   */
  weightCap?: number;
}

export interface Campaign extends CampaignSettings {
  id: string;
  provinceId: string;
  provincePath: string;
  status: CampaignStatus;
  /** Latest published snapshot version, 0 before the first publication. */
  latestVersion: number;
  createdAt: string;
  createdBy: string;
}

export const DEFAULT_LEVEL_SCORES: CampaignSettings['levelScores'] = [0, 30, 60, 80, 100];

/** The five customary indicators, weights summing to 1. */
export const DEFAULT_INDICATORS: CampaignIndicator[] = [
  { code: 'overall', name: { 'zh-CN': '群众满意度', en: 'Overall satisfaction' }, weight: 0.3 },
  { code: 'window', name: { 'zh-CN': '窗口服务', en: 'Window service' }, weight: 0.2 },
  { code: 'traffic', name: { 'zh-CN': '交通管理', en: 'Traffic management' }, weight: 0.15 },
  { code: 'safety', name: { 'zh-CN': '安全感', en: 'Sense of safety' }, weight: 0.25 },
  { code: 'antigang', name: { 'zh-CN': '扫黑除恶', en: 'Anti-gang work' }, weight: 0.1 },
];

/** One question per default indicator; the question id is the column name in the agency's file. */
export const DEFAULT_QUESTIONS: CampaignQuestion[] = DEFAULT_INDICATORS.map((i) => ({
  id: `q_${i.code}`,
  indicator: i.code,
  text: i.name,
}));

/** Problems with campaign settings that no schema can see (cross-field rules). zh-CN / English pairs. */
export function settingsProblems(
  s: CampaignSettings,
): { field: string; message: string; messageEn: string }[] {
  const out: { field: string; message: string; messageEn: string }[] = [];
  const sum = s.indicators.reduce((a, i) => a + i.weight, 0);
  if (Math.abs(sum - 1) > 1e-9) {
    out.push({
      field: 'indicators',
      message: `指标权重之和须为 1（当前 ${sum}）`,
      messageEn: `Indicator weights must sum to 1 (now ${sum})`,
    });
  }
  const codes = new Set(s.indicators.map((i) => i.code));
  if (codes.size !== s.indicators.length) {
    out.push({ field: 'indicators', message: '指标代码重复', messageEn: 'Duplicate indicator codes' });
  }
  const byIndicator = new Map<string, number>();
  const ids = new Set<string>();
  s.questions.forEach((q, i) => {
    if (!codes.has(q.indicator)) {
      out.push({
        field: `questions.${i}.indicator`,
        message: `题目对应的指标 ${q.indicator} 不存在`,
        messageEn: `Unknown indicator ${q.indicator}`,
      });
    }
    if (ids.has(q.id)) {
      out.push({ field: `questions.${i}.id`, message: '题目编号重复', messageEn: 'Duplicate question id' });
    }
    ids.add(q.id);
    byIndicator.set(q.indicator, (byIndicator.get(q.indicator) ?? 0) + 1);
  });
  for (const code of codes) {
    if (byIndicator.get(code) !== 1) {
      out.push({
        field: 'questions',
        message: `指标 ${code} 须恰好对应一道题`,
        messageEn: `Indicator ${code} needs exactly one question`,
      });
    }
  }
  if (!s.levelScores.every((x, i) => i === 0 || x > s.levelScores[i - 1]!)) {
    out.push({
      field: 'levelScores',
      message: '各等级分值须从"非常不满意"到"非常满意"严格递增、互不相同',
      messageEn:
        'Level scores must rise strictly from 非常不满意 (level 1) to 非常满意 (level 5), all distinct',
    });
  }
  if (s.satisfiedFrom < 2) {
    out.push({
      field: 'satisfiedFrom',
      message: '"满意"的起点至少为第 2 级，否则人人满意',
      messageEn: 'satisfiedFrom must be at least 2, or everyone counts as satisfied',
    });
  }
  s.indicators.forEach((ind, i) => {
    if (!(ind.weight > 0)) {
      out.push({
        field: `indicators.${i}.weight`,
        message: '指标权重须大于 0',
        messageEn: 'An indicator weight must be above 0',
      });
    }
  });
  if (s.periodFrom > s.periodTo) {
    out.push({
      field: 'periodTo',
      message: '结束日期早于开始日期',
      messageEn: 'The period ends before it starts',
    });
  }
  return out;
}

/** One accepted interview, as stored. */
export interface Interview {
  interviewId: string;
  countyId: string;
  day: string;
  mode: InterviewMode;
  /** The weight counted: the file's weight, trimmed to the campaign's cap if it has one. */
  weight: number;
  /** The weight as filed, when trimming changed it. */
  weightAsFiled?: number;
  /** Question id → level 1–5; unanswered questions (不了解/拒答) are absent. */
  answers: Record<string, number>;
  uploadId: string;
  line: number;
}

/** Per-indicator sums one interview adds (including the composite pseudo-indicator). */
export function interviewSums(
  c: Pick<CampaignSettings, 'indicators' | 'questions' | 'levelScores' | 'satisfiedFrom'>,
  iv: Pick<Interview, 'answers' | 'weight'>,
): Map<string, IndicatorSums> {
  const out = new Map<string, IndicatorSums>();
  let compositeNum = 0;
  let compositeDen = 0;
  for (const q of c.questions) {
    const level = iv.answers[q.id];
    if (level === undefined) continue;
    const x = c.levelScores[level - 1]!;
    out.set(q.indicator, answerSums(x, iv.weight, level, level >= c.satisfiedFrom));
    const a = c.indicators.find((i) => i.code === q.indicator)!.weight;
    compositeNum += a * x;
    compositeDen += a;
  }
  // The respondent's composite: indicator weights renormalised over the indicators answered.
  if (compositeDen > 0) out.set(COMPOSITE, answerSums(compositeNum / compositeDen, iv.weight, 0, false));
  return out;
}

/** Sums of many interviews by county then indicator (what a batch adds to the stored aggregates). */
export function sumInterviews(
  c: Parameters<typeof interviewSums>[0],
  ivs: readonly Pick<Interview, 'answers' | 'weight' | 'countyId'>[],
): Map<string, Map<string, IndicatorSums>> {
  const out = new Map<string, Map<string, IndicatorSums>>();
  for (const iv of ivs) {
    const county = out.get(iv.countyId) ?? new Map<string, IndicatorSums>();
    out.set(iv.countyId, county);
    for (const [code, s] of interviewSums(c, iv))
      county.set(code, addSums(county.get(code) ?? emptySums(), s));
  }
  return out;
}

/** `pending`: announced by the console (ticket issued), the file has not arrived yet. */
export type UploadStatus = 'pending' | 'validating' | 'importing' | 'done' | 'failed' | 'withdrawn';

/** After its URL expired, how long an announced file may still be on its way (S3 event, import start). */
export const UPLOAD_ARRIVAL_GRACE_MS = 15 * 60_000;

/**
 * The status to show: an announced file that never arrived (its URL expired more than the grace
 * ago) shows as `expired`, so that it does not look like an import about to start. Nothing was
 * counted for it; the analyst uploads the file again.
 */
export function shownUploadStatus(
  u: Pick<Upload, 'status' | 'expiresAt'>,
  now: Date,
): UploadStatus | 'expired' {
  if (u.status !== 'pending' || !u.expiresAt) return u.status;
  return now.getTime() > Date.parse(u.expiresAt) + UPLOAD_ARRIVAL_GRACE_MS ? 'expired' : 'pending';
}

/** One agency file and what became of it. */
export interface Upload {
  uploadId: string;
  campaignId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  uploadedBy: string;
  createdAt: string;
  status: UploadStatus;
  /** Data rows read (header excluded). */
  totalRows: number;
  /** Rows that passed validation. */
  validRows: number;
  /** Rows refused, each with a line in the error report. */
  rejectedRows: number;
  /** Interviews this upload created (counted in the aggregates). */
  accepted: number;
  /** Valid rows whose interview id an earlier upload already counted. */
  duplicates: number;
  /** Valid rows written so far: progress = processed / validRows. */
  processed: number;
  /** Set when the file was converted (e.g. from GBK). */
  encodingNote?: { message: string; messageEn: string };
  /** Set when the whole file was refused: nothing was stored. */
  fileError?: { code: string; message: string; messageEn: string };
  withdrawnAt?: string;
  /** How the file travels: `direct` (base64 in the console request) or `s3` (presigned PUT, import job). */
  via?: 'direct' | 's3';
  /** Size the analyst announced (and, for `s3`, the only size the presigned URL accepts). */
  sizeBytes?: number;
  /** Until when the file may arrive (the presigned URL's expiry). */
  expiresAt?: string;
}
