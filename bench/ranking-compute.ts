/**
 * The ranking's own computation, without the database: estimates, composite, Fay–Herriot fits
 * and the joint rank sets of 6 rankings (5 indicators and the composite) of 167 counties, from
 * aggregates of 20 and of 600 interviews per county. Median of 7 runs each, alternating.
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

/** Median of `runs` timings each; the two sizes alternate so that other load on the machine hits both alike. */
export function rankingCompute(runs = 7) {
  const cases = [aggregatesOf(20), aggregatesOf(600)].map((c) => ({ ...c, ms: [] as number[] }));
  for (let k = 0; k < runs; k++) {
    for (const c of k % 2 === 0 ? cases : [...cases].reverse()) {
      const t0 = performance.now();
      computeResults({
        campaignId: 'bench',
        settings,
        counties: [...c.aggregates.keys()],
        aggregates: c.aggregates,
      });
      c.ms.push(performance.now() - t0);
    }
  }
  const [small, large] = cases.map((c) => ({
    interviews: c.interviews,
    ms: [...c.ms].sort((a, b) => a - b)[Math.floor(runs / 2)]!,
  })) as [{ interviews: number; ms: number }, { interviews: number; ms: number }];
  return { small, large, ratio: large.ms / small.ms };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = rankingCompute();
  console.log(
    `ranking computation, 167 counties × 6 rankings with joint rank sets: ${r.small.interviews} interviews ${r.small.ms.toFixed(0)} ms vs ${r.large.interviews} interviews ${r.large.ms.toFixed(0)} ms → ratio ${r.ratio.toFixed(2)} (goal ≤ 1.2, and ≤ 2000 ms)`,
  );
}
