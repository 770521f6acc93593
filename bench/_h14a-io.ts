import { startDynamoLocal } from '../local/dynamo-local';
import { integrityOverhead } from './integrity-overhead';
const db = await startDynamoLocal({ dataDir: null });
try {
  const io = await integrityOverhead(db.endpoint, Number(process.env.N ?? 300));
  console.log(`with ${io.withMs.toFixed(2)} without ${io.withoutMs.toFixed(2)} ratio ${io.ratio.toFixed(2)}`);
} finally { await db.stop(); }
