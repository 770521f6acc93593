/**
 * `npm run validate:scoring`: the coverage of the published figures, by simulation.
 *
 * Simulates PROVINCES provinces (default 200) of 167 counties shaped like Hebei's: each county
 * draws its sample size between 30 and 400, and its true answer distribution from a dozen
 * profiles, so that many counties share exactly the same true score (ties) and the rest cluster
 * around them. A fifth of the counties have unequal post-stratification weights. Each province is
 * scored by the published method (functions/domain/scoring), and the script prints:
 *   - joint coverage: the share of provinces in which every ranked county's true rank lies in
 *     its published rank set, for an indicator and for the composite (must be ≥ 0.95);
 *   - the coverage of the 95% score intervals and satisfaction-rate intervals per cell.
 * Exits 1 when a joint coverage is below 0.95.
 */

import { COMPOSITE, DEFAULT_LEVEL_SCORES } from '../functions/domain/campaign';
import { addSums, answerSums, emptySums, type IndicatorSums } from '../functions/domain/scoring/aggregate';
import { mulberry32, normalSource } from '../functions/domain/scoring/prng';
import { computeResults } from '../functions/domain/scoring/results';

const PROVINCES = Number(process.env.PROVINCES ?? 200);
const COUNTIES = 167;
const LEVELS = DEFAULT_LEVEL_SCORES;
const SATISFIED_FROM = 3;

const uniform = mulberry32(20261204);
const normal = normalSource(uniform);

/** A distribution over levels 1–5 whose mean is near `target` (a Dirichlet-free, smooth family). */
function profile(target: number): number[] {
  // Softmax over −(x − target)² / (2·τ²): answers gather around the target score.
  const tau = 14;
  const w = LEVELS.map((x) => Math.exp(-((x - target) ** 2) / (2 * tau * tau)));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

const meanOf = (p: number[]) => p.reduce((a, q, i) => a + q * LEVELS[i]!, 0);
const rateOf = (p: number[]) => p.slice(SATISFIED_FROM - 1).reduce((a, b) => a + b, 0);

function drawLevel(p: number[]): number {
  let u = uniform();
  for (let i = 0; i < 5; i++) {
    u -= p[i]!;
    if (u < 0) return i + 1;
  }
  return 5;
}

interface Tally {
  provinces: number;
  jointIndicator: number;
  jointComposite: number;
  cells: number;
  meanCovered: number;
  rateCovered: number;
  rankedIndicator: number;
  meanSetWidth: number;
}

const t: Tally = {
  provinces: 0,
  jointIndicator: 0,
  jointComposite: 0,
  cells: 0,
  meanCovered: 0,
  rateCovered: 0,
  rankedIndicator: 0,
  meanSetWidth: 0,
};

const started = Date.now();
for (let prov = 0; prov < PROVINCES; prov++) {
  // A dozen profiles: exact ties between counties that share one, true scores spread over 40–95.
  const profiles = Array.from({ length: 12 }, () => profile(45 + 55 * uniform()));
  const counties = Array.from({ length: COUNTIES }, (_, i) => `C${String(i).padStart(3, '0')}`);
  const truth = new Map<string, { a: number[]; b: number[] }>();
  const aggregates = new Map<string, Map<string, IndicatorSums>>();
  for (const c of counties) {
    const a = profiles[Math.floor(uniform() * profiles.length)]!;
    const b = profiles[Math.floor(uniform() * profiles.length)]!;
    truth.set(c, { a, b });
    const n = 30 + Math.floor(uniform() * 371);
    const weighted = uniform() < 0.2;
    let sa = emptySums();
    let sb = emptySums();
    let sc = emptySums();
    for (let j = 0; j < n; j++) {
      const w = weighted ? Math.exp(0.5 * normal()) : 1;
      const la = drawLevel(a);
      const lb = drawLevel(b);
      const xa = LEVELS[la - 1]!;
      const xb = LEVELS[lb - 1]!;
      sa = addSums(sa, answerSums(xa, w, la, la >= SATISFIED_FROM));
      sb = addSums(sb, answerSums(xb, w, lb, lb >= SATISFIED_FROM));
      sc = addSums(sc, answerSums(0.5 * xa + 0.5 * xb, w, 0, false));
    }
    aggregates.set(
      c,
      new Map([
        ['a', sa],
        ['b', sb],
        [COMPOSITE, sc],
      ]),
    );
  }
  const results = computeResults({
    campaignId: `validation-${prov}`,
    settings: {
      indicators: [
        { code: 'a', name: { 'zh-CN': 'A', en: 'A' }, weight: 0.5 },
        { code: 'b', name: { 'zh-CN': 'B', en: 'B' }, weight: 0.5 },
      ],
      minSample: 30,
      decimals: 2,
      divergenceThreshold: 10,
      levelScores: LEVELS,
    },
    counties,
    aggregates,
  });
  const trueA = new Map(counties.map((c) => [c, meanOf(truth.get(c)!.a)]));
  const trueC = new Map(
    counties.map((c) => [c, 0.5 * meanOf(truth.get(c)!.a) + 0.5 * meanOf(truth.get(c)!.b)]),
  );
  const covers = (
    ranked: typeof results,
    truthOf: Map<string, number>,
    cell: (r: (typeof results)[0]) => { rankInterval?: { low: number; high: number } },
  ) => {
    const scores = ranked.map((r) => truthOf.get(r.countyId)!);
    return ranked.every((r, i) => {
      const trueRank = 1 + scores.filter((s) => s > scores[i]!).length;
      const set = cell(r).rankInterval!;
      return set.low <= trueRank && trueRank <= set.high;
    });
  };
  const rankedA = results.filter((r) => r.indicators.a!.status === 'ranked');
  const rankedC = results.filter((r) => r.composite.status === 'ranked');
  t.provinces++;
  if (covers(rankedA, trueA, (r) => r.indicators.a!)) t.jointIndicator++;
  if (covers(rankedC, trueC, (r) => r.composite)) t.jointComposite++;
  for (const r of results) {
    const e = r.indicators.a!.estimate;
    const tr = truth.get(r.countyId)!.a;
    t.cells++;
    if (e.meanCi.low <= meanOf(tr) && meanOf(tr) <= e.meanCi.high) t.meanCovered++;
    if (e.satisfactionCi.low <= rateOf(tr) && rateOf(tr) <= e.satisfactionCi.high) t.rateCovered++;
  }
  for (const r of rankedA) {
    t.rankedIndicator++;
    t.meanSetWidth += r.indicators.a!.rankInterval!.high - r.indicators.a!.rankInterval!.low + 1;
  }
  if ((prov + 1) % 20 === 0)
    process.stderr.write(
      `  ${prov + 1}/${PROVINCES} provinces, ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
}

const share = (x: number, of: number) => (x / of).toFixed(3);
console.log(
  `provinces simulated: ${t.provinces} × ${COUNTIES} counties (n 30–400, 12 true profiles: ties and clusters, 20% weighted)`,
);
console.log(`joint coverage of rank sets, indicator: ${share(t.jointIndicator, t.provinces)}`);
console.log(`joint coverage of rank sets, composite: ${share(t.jointComposite, t.provinces)}`);
console.log(`coverage of 95% score intervals per cell: ${share(t.meanCovered, t.cells)}`);
console.log(`coverage of 95% satisfaction-rate intervals per cell: ${share(t.rateCovered, t.cells)}`);
console.log(`mean width of a rank set (indicator): ${(t.meanSetWidth / t.rankedIndicator).toFixed(1)} ranks`);
const ok = t.jointIndicator / t.provinces >= 0.95 && t.jointComposite / t.provinces >= 0.95;
console.log(ok ? 'OK: joint coverage ≥ 0.95' : 'FAIL: joint coverage below 0.95');
process.exit(ok ? 0 : 1);
