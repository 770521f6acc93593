/** `npm start`: the whole system on this machine, until Ctrl-C. */

import { playedHistory } from '../scripts/demo-history/local';
import { JavaMissingError } from './java';
import { type LocalStack, startLocalStack } from './stack';

// Node 20 is supported here until the SDK moves to Node 22 (pinned in package-lock); Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.IN_MEMORY === '1' ? null : (process.env.DATA_DIR ?? '.data');

const withHistory = process.env.DEMO_HISTORY !== '0';
let told = -1;
let stack: LocalStack;
try {
  stack = await startLocalStack({
    port,
    dataDir,
    publicBaseUrl: process.env.PUBLIC_BASE_URL,
    history: withHistory && {
      onProgress: ({ done, total, day }) => {
        const tenth = Math.floor((done / total) * 10);
        if (tenth === told) return;
        told = tenth;
        console.log(`  演示历史 Demo history: ${tenth * 10}% (${day})`);
      },
    },
  });
} catch (err) {
  if (err instanceof JavaMissingError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

console.log(
  `\n开门评警 running at ${stack.baseUrl}  (DynamoDB Local ${stack.dynamoEndpoint}, data: ${dataDir ?? 'in memory'})`,
);
if (!stack.database.loopbackOnly) {
  console.warn(
    '  注意 Note: no JDK (javac) found, so DynamoDB Local listens on every network interface of this machine; install a JDK 17+ to keep it on 127.0.0.1.',
  );
}
console.log(`  控制台 Staff console:  ${stack.baseUrl}/console/`);
console.log(`  API health:           ${stack.baseUrl}/api/health`);
console.log(`  省平台接收端 Provincial receiver: ${stack.pushReceiverUrl}`);
console.log('\n演示二维码表单 Demo QR forms:');
for (const f of stack.demoForms) console.log(`${f.url}  ${f.name}`);
for (const f of stack.bilingualForms) console.log(`${f.url}  ${f.name}（蒙汉双语 Mongolian and Chinese）`);
if (stack.qrFiles.length > 0)
  console.log(`\nQR images (PNG + SVG): ${dataDir}/qr/  — also served at ${stack.baseUrl}/qr/<id>.png`);
console.log('\nPress Ctrl-C to stop.');
if (withHistory) {
  const started = Date.now();
  const before = playedHistory(dataDir);
  if (!before) {
    console.log(
      '\n正在后台生成 90 天演示历史数据（评价、工单、走访、申诉、刷票、第三方测评），控制台可同时使用。\n' +
        'Playing 90 days of demo history in the background (ballots, cases, visits, appeals, stuffing, agency campaigns); the console works meanwhile. DEMO_HISTORY=0 skips it.',
    );
  }
  stack.history.then(
    (r) => {
      if (r) {
        console.log(
          `\n演示历史数据已就绪 Demo history ready (${r.firstDay} … ${r.today}): ${r.ballots} ballots, ${r.caseSteps} case steps, ${r.visits} visits, ${r.campaigns} campaigns, in ${Math.round((Date.now() - started) / 1000)} s.`,
        );
        for (const line of r.refused) console.warn(`  refused: ${line}`);
      } else if (before) {
        console.log(
          `\n演示历史数据 Demo history: already in ${dataDir} (${before.firstDay} … ${before.today}).`,
        );
      }
    },
    (err: Error) => console.error(`\n演示历史数据生成失败 Demo history failed: ${err.message}`),
  );
}

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping server and DynamoDB Local…`);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
