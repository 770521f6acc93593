/** `npm start`: the whole system on this machine, until Ctrl-C. */
import { JavaMissingError } from './java';
import { type LocalStack, startLocalStack } from './stack';

// Node 20 is supported here until the SDK moves to Node 22 (pinned in package-lock); Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.IN_MEMORY === '1' ? null : (process.env.DATA_DIR ?? '.data');

let stack: LocalStack;
try {
  stack = await startLocalStack({ port, dataDir, publicBaseUrl: process.env.PUBLIC_BASE_URL });
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
console.log('\n演示二维码表单 Demo QR forms:');
for (const f of stack.demoForms) console.log(`${f.url}  ${f.name}`);
if (stack.qrFiles.length > 0)
  console.log(`\nQR images (PNG + SVG): ${dataDir}/qr/  — also served at ${stack.baseUrl}/qr/<id>.png`);
console.log('\nPress Ctrl-C to stop.');

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
