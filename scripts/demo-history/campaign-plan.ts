/**
 * The two third-party campaigns of the demo history over Hebei's 167 counties: an earlier one and
 * the latest, each set up by the province, filled by the agency's upload and published, so that
 * rankings, intervals, tiers and a county's change between them can be read.
 */

import { DEFAULT_INDICATORS, DEFAULT_QUESTIONS } from '../../functions/domain/campaign';
import { mulberry32 } from '../../functions/domain/scoring/prng';
import type { DemoUser } from '../../local/seed/demo-users';
import { hebeiCounties } from '../generate-agency-file';
import { at, daysBefore } from './calendar';
import type { Rng } from './citizens';
import { AGENCY_ANALYST, PROVINCE_ADMIN } from './staff';

export interface CampaignPlan {
  /** Which of the two ('earlier' or 'latest'); the seeder finds it again by its name. */
  key: 'earlier' | 'latest';
  body: {
    provinceId: string;
    name: { 'zh-CN': string; en: string };
    periodFrom: string;
    periodTo: string;
    indicators: typeof DEFAULT_INDICATORS;
    questions: typeof DEFAULT_QUESTIONS;
    minSample: number;
    agencyId: string;
    agencyName: string;
    disclosure: 'own_county';
  };
  /** The agency's file (CSV text), built when it is uploaded. */
  csv(): string;
  interviews: number;
  steps: { at: Date; step: 'create' | 'upload' | 'publish'; as: DemoUser }[];
}

/** Counties whose residents' view changes between the campaigns, the way their QR ratings do. */
const DRIFT: Record<string, number> = { '130628': 0.12, '130102': 0.08, '130203': -0.12 };

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/**
 * Each county has its own share of 非常满意/满意 at the top (the ceiling effect: most between 0.55
 * and 0.9); the latest campaign moves it a little, and the counties in DRIFT clearly.
 */
function agencyCsv(
  counties: string[],
  top: Map<string, number>,
  perCounty: number,
  period: [string, string],
  prefix: string,
  r: Rng,
): string {
  const span = (Date.parse(period[1]) - Date.parse(period[0])) / 86_400_000;
  const lines = [
    ['interview_id', 'county_code', 'date', 'mode', 'weight', ...DEFAULT_QUESTIONS.map((q) => q.id)].join(
      ',',
    ),
  ];
  let k = 0;
  for (const county of counties) {
    const t = top.get(county)!;
    for (let i = 0; i < perCounty; i++) {
      k++;
      const date = daysBefore(period[0], -Math.floor(r() * (span + 1)));
      const m = r();
      const mode = m < 0.7 ? 'phone' : m < 0.9 ? 'face_to_face' : 'sms';
      const answers = DEFAULT_QUESTIONS.map(() => {
        const u = r();
        if (u < 0.03) return '';
        if (u < t) return '5';
        if (u < t + (1 - t) * 0.6) return '4';
        if (u < t + (1 - t) * 0.85) return '3';
        return u < t + (1 - t) * 0.95 ? '2' : '1';
      });
      lines.push(
        [
          `${prefix}${String(k).padStart(6, '0')}`,
          county,
          date,
          mode,
          (0.6 + 0.8 * r()).toFixed(3),
          ...answers,
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The earlier and the latest campaign, with their steps on the province's and the agency's side. */
export function campaignPlans(today: string, interviews: [number, number], r: Rng): CampaignPlan[] {
  const counties = hebeiCounties();
  const earlierTop = new Map(counties.map((c) => [c, 0.55 + 0.35 * r()]));
  const latestTop = new Map(
    counties.map((c) => [
      c,
      Math.min(0.95, Math.max(0.45, earlierTop.get(c)! + (DRIFT[c] ?? (r() - 0.5) * 0.08))),
    ]),
  );
  const latestTo = daysBefore(today, 14);
  const latestFrom = daysBefore(latestTo, 75);
  const earlierTo = daysBefore(latestFrom, 1);
  const earlierFrom = daysBefore(earlierTo, 75);
  const plan = (
    key: CampaignPlan['key'],
    from: string,
    to: string,
    top: Map<string, number>,
    perCounty: number,
    publishDay: string,
  ): CampaignPlan => {
    const year = from.slice(0, 4);
    const seed = Math.floor(r() * 2 ** 31);
    return {
      key,
      body: {
        provinceId: '130000',
        name: {
          'zh-CN': `${year}年全省公安工作群众满意度第三方测评（${md(from)}—${md(to)}）`,
          en: `Province-wide third-party survey of public satisfaction with the police, ${from} to ${to}`,
        },
        periodFrom: from,
        periodTo: to,
        indicators: DEFAULT_INDICATORS,
        questions: DEFAULT_QUESTIONS,
        minSample: Math.max(10, Math.round(perCounty * 0.5)),
        agencyId: AGENCY_ANALYST.scope,
        agencyName: '河北某调查咨询有限公司',
        disclosure: 'own_county',
      },
      csv: () =>
        agencyCsv(counties, top, perCounty, [from, to], key === 'earlier' ? 'E' : 'L', mulberry32(seed)),
      interviews: perCounty * counties.length,
      steps: [
        { at: at(daysBefore(from, 5), '10:00'), step: 'create', as: PROVINCE_ADMIN },
        { at: at(daysBefore(publishDay, 3), '15:00'), step: 'upload', as: AGENCY_ANALYST },
        { at: at(publishDay, '10:30'), step: 'publish', as: PROVINCE_ADMIN },
      ],
    };
  };
  return [
    plan('earlier', earlierFrom, earlierTo, earlierTop, interviews[0], daysBefore(earlierTo, -10)),
    plan('latest', latestFrom, latestTo, latestTop, interviews[1], daysBefore(today, 4)),
  ];
}
