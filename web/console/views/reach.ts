/**
 * 邀评与推送 (province only): the province's SMS invitation timing and provincial push endpoint,
 * and under `npm start` the local SMS outbox (each message with its one-time link; a button
 * simulates the citizen replying TD).
 *
 * Primary course:
 * 1. Read `GET /provinces/{id}/reach-settings` and show them in a form; saving PUTs them.
 * 2. Read the push's dead letters (`GET /provinces/{id}/push/dead-letters`); each can be replayed.
 * 3. Read `GET /sms/outbox`; where there is none (a deployment, 404) the section says so.
 */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { L, type Pair } from '../i18n';
import { button, errorPanel, field, fmtDateTime, input, pageTitle, statusLine, table } from '../ui';

const W = {
  title: ['邀评与推送', 'Invitations and provincial push'],
  sms: ['短信邀评（省级设置，单位不可修改）', 'SMS invitations (set by the province, never by a unit)'],
  delay: ['办结后发送延迟（分钟）', 'Delay after the transaction (minutes)'],
  quietFrom: ['免打扰开始（北京时间）', 'Quiet hours from (Beijing time)'],
  quietTo: ['免打扰结束', 'Quiet hours until'],
  endpoint: ['省级好差评平台接收地址（HTTPS）', 'Provincial platform endpoint (HTTPS)'],
  save: ['保存', 'Save'],
  saved: ['已保存', 'Saved'],
  outbox: ['本地短信发件箱（仅本地演示）', 'Local SMS outbox (local demo only)'],
  noOutbox: [
    '此部署没有本地发件箱：短信经云服务发送。',
    'No local outbox here: messages go through the cloud provider.',
  ],
  sentAt: ['发送时间', 'Sent'],
  to: ['号码', 'To'],
  text: ['内容（含评价链接）', 'Text (with the rating link)'],
  replyTd: ['模拟回复TD', 'Simulate TD reply'],
  none: ['暂无', 'None yet'],
  dead: ['推送死信（多次重试仍失败）', 'Push dead letters (failed after every retry)'],
  ballot: ['评价', 'Ballot'],
  error: ['最后错误', 'Last error'],
  replay: ['重新推送', 'Replay'],
} satisfies Record<string, Pair>;

interface Settings {
  sms: { delayMinutes: number; quietFrom: string; quietTo: string };
  push: { endpoint?: string };
}

interface OutboxItem {
  id: string;
  to: string;
  text: string;
  sentAt: string;
}

const linkify = (text: string) => {
  const m = /(https?:\/\/\S+)/.exec(text);
  if (!m) return text;
  const i = m.index;
  return h('span', {}, text.slice(0, i), h('a', { href: m[1]! }, m[1]!), text.slice(i + m[1]!.length));
};

async function outboxSection(ctx: Ctx): Promise<HTMLElement> {
  try {
    const { items } = await ctx.api.get<{ items: OutboxItem[] }>('/sms/outbox');
    const status = statusLine();
    return h(
      'section',
      { class: 'panel', 'data-outbox': 'true' },
      h('h2', {}, L(W.outbox)),
      status.el,
      items.length === 0
        ? h('p', { class: 'muted' }, L(W.none))
        : table(
            [L(W.sentAt), L(W.to), L(W.text), ''],
            items.map((m) => [
              fmtDateTime(m.sentAt),
              m.to,
              linkify(m.text),
              button(L(W.replyTd), async () => {
                try {
                  await ctx.api.post(`/sms/outbox/${encodeURIComponent(m.id)}/reply-td`);
                  status.say('TD ✓');
                } catch (err) {
                  status.fail(err);
                }
              }),
            ]),
            L(W.outbox),
          ),
    );
  } catch {
    return h(
      'section',
      { class: 'panel' },
      h('h2', {}, L(W.outbox)),
      h('p', { class: 'muted' }, L(W.noOutbox)),
    );
  }
}

interface DeadLetter {
  responseId: string;
  nextAt: string;
  lastError?: string;
  record: { levelLabel: string; matter: string | null; transactionNo: string | null };
}

async function deadLetterSection(ctx: Ctx, province: string): Promise<HTMLElement> {
  const { items } = await ctx.api.get<{ items: DeadLetter[] }>(`/provinces/${province}/push/dead-letters`);
  const status = statusLine();
  return h(
    'section',
    { class: 'panel', 'data-dead-letters': 'true' },
    h('h2', {}, L(W.dead)),
    status.el,
    items.length === 0
      ? h('p', { class: 'muted' }, L(W.none))
      : table(
          [L(W.sentAt), L(W.ballot), L(W.error), ''],
          items.map((d) => [
            fmtDateTime(d.nextAt),
            `${d.record.levelLabel} · ${d.record.matter ?? '—'} · ${d.record.transactionNo ?? '—'}`,
            d.lastError ?? '',
            button(L(W.replay), async () => {
              try {
                await ctx.api.post(`/push/dead-letters/${encodeURIComponent(d.responseId)}/replay`);
                status.say('✓');
              } catch (err) {
                status.fail(err);
              }
            }),
          ]),
          L(W.dead),
        ),
  );
}

export async function reachPage(ctx: Ctx, _route: unknown, root: HTMLElement): Promise<void> {
  const province = (ctx.me.scope?.path ?? ctx.me.scopeId).split('/')[0]!;
  replaceChildren(root, pageTitle(L(W.title)));
  try {
    const s = await ctx.api.get<Settings>(`/provinces/${province}/reach-settings`);
    const delay = input({ type: 'number', min: '0', max: '1440' }, s.sms.delayMinutes);
    const from = input({ type: 'time' }, s.sms.quietFrom);
    const to = input({ type: 'time' }, s.sms.quietTo);
    const endpoint = input({ type: 'url', placeholder: 'https://' }, s.push.endpoint ?? '');
    const status = statusLine();
    const save = button(L(W.save), async () => {
      try {
        await ctx.api.put(`/provinces/${province}/reach-settings`, {
          sms: { delayMinutes: Number(delay.value), quietFrom: from.value, quietTo: to.value },
          push: endpoint.value ? { endpoint: endpoint.value } : {},
        });
        status.say(L(W.saved));
      } catch (err) {
        status.fail(err);
      }
    });
    replaceChildren(
      root,
      pageTitle(L(W.title)),
      h(
        'section',
        { class: 'panel stack' },
        h('h2', {}, L(W.sms)),
        field(L(W.delay), delay),
        field(L(W.quietFrom), from),
        field(L(W.quietTo), to),
        field(L(W.endpoint), endpoint),
        save,
        status.el,
      ),
      await deadLetterSection(ctx, province),
      await outboxSection(ctx),
    );
  } catch (err) {
    replaceChildren(root, pageTitle(L(W.title)), errorPanel(err));
  }
}
