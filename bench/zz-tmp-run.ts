import { startLocalStack } from '../functions/local/stack';
import { importThroughput, rankingScaling } from './ranking';
const stack = await startLocalStack({ port: 0, dataDir: null, quiet: true });
try {
  const r = await rankingScaling(stack);
  console.log(`ranking: ${r.small.interviews} interviews ${r.small.ms.toFixed(1)} ms vs ${r.large.interviews} ${r.large.ms.toFixed(1)} ms → ratio ${r.ratio.toFixed(2)}`);
  const i = await importThroughput(stack, Number(process.env.ROWS ?? 5000));
  console.log(`import: ${i.rows} rows ${i.importRowsPerSecond.toFixed(0)} rows/s vs raw BatchWriteItem ${i.rawRowsPerSecond.toFixed(0)} rows/s → ratio ${i.ratio.toFixed(2)}`);
} finally { await stack.stop(); }
