import { createChallenge, solveChallenge } from 'altcha-lib/v1';
import { ALTCHA_MAX_NUMBER } from '/work/main/functions/domain/integrity/altcha-tuning';
const times: number[] = [];
for (let i = 0; i < 10; i++) {
  const c = await createChallenge({ hmacKey: 'k', maxnumber: ALTCHA_MAX_NUMBER, number: ALTCHA_MAX_NUMBER - 1 });
  const t = performance.now();
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  times.push(performance.now() - t);
  if (s?.number !== ALTCHA_MAX_NUMBER - 1) throw new Error('bad');
}
times.sort((a, b) => a - b);
console.log({ worstCaseMedianMs: times[5], hashesPerSec: Math.round(ALTCHA_MAX_NUMBER / (times[5]! / 1000)) });
