import { startDynamoLocal } from '/work/main/functions/local/dynamo-local';
import { integrityOverhead } from '/work/main/bench/integrity-overhead';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const d = await startDynamoLocal({ dataDir: null });
try { console.log(await integrityOverhead(d.endpoint, Number(process.env.N ?? 200))); } finally { await d.stop(); }
