/**
 * Issues, lists and revokes window-display secrets and integration keys for operators,
 * through the console API, so the same authorization and audit trail apply as in the console.
 *
 * Against the local stack (`npm start`) it signs in as a demo user through the dev sign-in; against
 * a deployed stack pass a console token (--token or KMPJ_CONSOLE_TOKEN) and its --base URL.
 *
 *   npm run integration:issue -- display --service-point 130628001-01 [--label 1号窗口屏] [--token-id …]
 *   npm run integration:issue -- key --unit 130628001 --label 大厅叫号机
 *   npm run integration:issue -- key --service-point 130628001-01 --label 自助终端
 *   npm run integration:issue -- list --service-point 130628001-01   (or --unit 130628001)
 *   npm run integration:issue -- revoke-display --id=<id>
 *   npm run integration:issue -- revoke-key --id=<id>
 * Options: --base http://127.0.0.1:3000 (KMPJ_BASE_URL), --user county-admin (demo user), --json.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const V1 = '/api/console/v1';

/** One console API call a command turns into. */
export interface ApiCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** A parsed command line: the calls to make and how to reach the API. */
export interface IssueCommand {
  command: 'display' | 'key' | 'list' | 'revoke-display' | 'revoke-key';
  calls: ApiCall[];
  base: string;
  user: string;
  token?: string;
  json: boolean;
}

export const USAGE = `用法 Usage:
  integration:issue display --service-point <id> [--label <text>] [--token-id <qr token id>]
  integration:issue key (--unit <id> | --service-point <id>) --label <text>
  integration:issue list (--unit <id> | --service-point <id>)
  integration:issue revoke-display --id=<id>
  integration:issue revoke-key --id=<id>   (ids may start with '-': keep the '=')
选项 Options: --base <url> (default $KMPJ_BASE_URL or http://127.0.0.1:3000), --user <demo user>
  (default county-admin; local stack only), --token <console token> (or $KMPJ_CONSOLE_TOKEN), --json`;

class UsageError extends Error {}

const enc = encodeURIComponent;

/** Turns argv into API calls; throws a UsageError with the reason when the line is incomplete. */
export function parseCommand(argv: string[], env: Record<string, string | undefined> = {}): IssueCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'service-point': { type: 'string' },
      unit: { type: 'string' },
      label: { type: 'string' },
      'token-id': { type: 'string' },
      id: { type: 'string' },
      base: { type: 'string' },
      user: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [command, positionalId] = positionals;
  const id = values.id ?? positionalId;
  const sp = values['service-point'];
  const unit = values.unit;
  const need = (ok: unknown, why: string) => {
    if (!ok) throw new UsageError(why);
  };
  let calls: ApiCall[];
  switch (command) {
    case 'display':
      need(sp, '缺少 --service-point Missing --service-point');
      calls = [
        {
          method: 'POST',
          path: `${V1}/service-points/${enc(sp!)}/displays`,
          body: { label: values.label, tokenId: values['token-id'] },
        },
      ];
      break;
    case 'key':
      need(
        Boolean(sp) !== Boolean(unit),
        '需要 --unit 或 --service-point 之一 Give --unit or --service-point',
      );
      need(values.label, '缺少 --label（哪个系统持有该密钥）Missing --label (which system holds the key)');
      calls = [
        {
          method: 'POST',
          path: unit
            ? `${V1}/units/${enc(unit)}/integration-keys`
            : `${V1}/service-points/${enc(sp!)}/integration-keys`,
          body: { label: values.label },
        },
      ];
      break;
    case 'list':
      need(
        Boolean(sp) !== Boolean(unit),
        '需要 --unit 或 --service-point 之一 Give --unit or --service-point',
      );
      calls = unit
        ? [{ method: 'GET', path: `${V1}/units/${enc(unit)}/integration-keys` }]
        : [
            { method: 'GET', path: `${V1}/service-points/${enc(sp!)}/displays` },
            { method: 'GET', path: `${V1}/service-points/${enc(sp!)}/integration-keys` },
          ];
      break;
    case 'revoke-display':
    case 'revoke-key':
      need(id, '缺少要停用的 id（--id=<id>）Missing the id to revoke (--id=<id>)');
      calls = [
        {
          method: 'POST',
          path: `${V1}/${command === 'revoke-display' ? 'displays' : 'integration-keys'}/${enc(id!)}/revoke`,
          body: {},
        },
      ];
      break;
    default:
      throw new UsageError(command ? `未知命令 Unknown command: ${command}` : '缺少命令 Missing command');
  }
  return {
    command,
    calls,
    base: (values.base ?? env.KMPJ_BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    user: values.user ?? 'county-admin',
    token: values.token ?? env.KMPJ_CONSOLE_TOKEN,
    json: values.json ?? false,
  };
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** A console token: the one given, or the local stack's dev sign-in for a demo user. */
async function consoleToken(cmd: IssueCommand, fetchFn: Fetch): Promise<string> {
  if (cmd.token) return cmd.token;
  const res = await fetchFn(`${cmd.base}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: cmd.user }),
  });
  if (!res.ok)
    throw new Error(
      `开发登录失败（仅本地环境可用；部署环境请用 --token）Dev sign-in failed (${res.status}; local stack only, use --token elsewhere)`,
    );
  return ((await res.json()) as { token: string }).token;
}

/** Human-readable lines for a result; the secret is printed once, with a warning to store it now. */
export function describeResult(command: IssueCommand['command'], bodies: unknown[]): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: printing loosely typed API JSON
  const b = bodies as any[];
  switch (command) {
    case 'display':
      return [
        `显示屏已创建 Display created: ${b[0].display.label} (id ${b[0].display.id})`,
        `在窗口显示屏上全屏打开 Open full-screen on the window display:`,
        `  ${b[0].displayUrl}`,
        '该链接含密钥，只显示这一次，请妥善保管 The link holds the secret and is shown only once.',
        `停用 Revoke: npm run integration:issue -- revoke-display --id=${b[0].display.id}`,
      ];
    case 'key':
      return [
        `接入密钥已创建 Integration key created: ${b[0].key.label} (id ${b[0].key.id}, ${b[0].key.scopeKind} ${b[0].key.scopeNodeId})`,
        `  密钥 Key:      ${b[0].secret}`,
        `  接口 Endpoint: POST ${b[0].endpoint}  (Authorization: Bearer <key>)`,
        '密钥只显示这一次，请妥善保管 The key is shown only once.',
        `停用 Revoke: npm run integration:issue -- revoke-key --id=${b[0].key.id}`,
      ];
    case 'list':
      return b.flatMap((page: { items: Record<string, string>[] }) =>
        page.items.map(
          (i) =>
            `${i.status === 'active' ? '有效 active ' : '停用 revoked'}  ${'tokenId' in i ? 'display' : 'key    '}  ${i.id}  ${i.label}  ${i.createdAt}`,
        ),
      );
    default:
      return [`已停用 Revoked: ${b[0].id}`];
  }
}

/** Runs a command line; returns the exit code. */
export async function runIssueCommand(
  argv: string[],
  io: { fetch?: Fetch; out?: (line: string) => void; env?: Record<string, string | undefined> } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => console.log(line));
  const fetchFn = io.fetch ?? ((url, init) => fetch(url, init));
  let cmd: IssueCommand;
  try {
    cmd = parseCommand(argv, io.env ?? process.env);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof TypeError)) throw err;
    out(err.message);
    out(USAGE);
    return 2;
  }
  const token = await consoleToken(cmd, fetchFn);
  const bodies: unknown[] = [];
  for (const call of cmd.calls) {
    const res = await fetchFn(`${cmd.base}${call.path}`, {
      method: call.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    const body = (await res.json().catch(() => undefined)) as
      | { error?: { code: string; message: string; messageEn?: string } }
      | undefined;
    if (!res.ok) {
      const e = body?.error;
      out(`失败 Failed (${res.status} ${e?.code ?? ''}): ${e?.message ?? ''} ${e?.messageEn ?? ''}`.trim());
      return 1;
    }
    bodies.push(body);
  }
  for (const line of cmd.json
    ? [JSON.stringify(bodies.length === 1 ? bodies[0] : bodies, null, 2)]
    : describeResult(cmd.command, bodies))
    out(line);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runIssueCommand(process.argv.slice(2));
}
