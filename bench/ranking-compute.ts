/**
 * The ranking's own computation, without the database: estimates, composite, Fay–Herriot fits
 * and the joint rank sets of 6 rankings (5 indicators and the composite) of 167 counties, from
 * aggregates of 20 and of 600 interviews per county. Median of 5 runs each.
 * Alone: `npx tsx bench/ranking-compute.ts`; also part of `npm run bench`.
 */
import {
  type CampaignSettings,
  DEFAULT_INDICATORS,
  DEFAULT_LEVEL_SCORES,
  DEFAULT_QUESTIONS,
  sumInterviews,
} from '../functions/domain/campaign';
import { computeResults } from '../functions/domain/scoring/results';
import { generateAgencyRows } from '../scripts/generate-agency-file';

const settings: Pick<
  CampaignSettings,
  | 'indicators'
  | 'questions'
  | 'levelScores'
  | 'satisfiedFrom'
  | 'minSample'
  | 'decimals'
  | 'divergenceThreshold'
> = {
  indicators: DEFAULT_INDICATORS,
  questions: DEFAULT_QUESTIONS,
  levelScores: DEFAULT_LEVEL_SCORES,
  satisfiedFrom: 3,
  minSample: 10,
  decimals: 2,
  divergenceThreshold: 10,
};

function aggregatesOf(perCounty: number) {
  const rows = generateAgencyRows({ perCounty, seed: perCounty });
  const head = rows[0]!;
  const at = (name: string) => head.indexOf(name);
  const interviews = rows.slice(1).map((r) => ({
    countyId: r[at('county_code')]!,
    weight: Number(r[at('weight')] || 1),
    answers: Object.fromEntries(
      DEFAULT_QUESTIONS.filter((q) => /^[1-5]$/.test(r[at(q.id)] ?? '')).map((q) => [
        q.id,
        Number(r[at(q.id)]),
      ]),
    ),
  }));
  return { interviews: interviews.length, aggregates: sumInterviews(settings, interviews) };
}

export function rankingCompute(runs = 5) {
  const time = (perCounty: number) => {
    const { interviews, aggregates } = aggregatesOf(perCounty);
    const counties = [...aggregates.keys()];
    const ms: number[] = [];
    for (let k = 0; k < runs; k++) {
      const t0 = performance.now();
      computeResults({ campaignId: 'bench', settings, counties, aggregates });
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { interviews, ms: ms[Math.floor(runs / 2)]! };
  };
  const small = time(20);
  const large = time(600);
  return { small, large, ratio: large.ms / small.ms };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = rankingCompute();
  console.log(
    `ranking computation, 167 counties × 6 rankings with joint rank sets: ${r.small.interviews} interviews ${r.small.ms.toFixed(0)} ms vs ${r.large.interviews} interviews ${r.large.ms.toFixed(0)} ms → ratio ${r.ratio.toFixed(2)} (goal ≤ 1.2, and ≤ 2000 ms)`,
  );
}
