/** What the screen says in each state: zh-CN first, English beside. Pure, so tests can read it. */
import { type DisplayState, secondsToRenewal } from './schedule';

/** One line of text in both languages. */
export type Line = readonly [zh: string, en: string];

export interface DisplayView {
  /** The URL to show as a QR code, or undefined to show none. */
  qrUrl?: string;
  /** The countdown under the code. */
  countdown?: Line;
  /** Status lines: loading, the outage notice, or why nothing can be shown. */
  status: Line[];
  /** `alert` when no code is on screen: the page turns the status into the main message. */
  tone: 'info' | 'warn' | 'alert';
}

export const TEXT = {
  loading: ['正在获取评价二维码…', 'Loading the rating code…'],
  retrying: ['网络异常，正在重新连接…', 'Connection problem; reconnecting…'],
  unavailable: ['暂时无法显示评价二维码', 'The rating code cannot be shown right now'],
  reconnecting: ['正在自动重试，请稍候', 'Retrying automatically; please wait'],
  unauthorized: ['显示屏密钥无效或已停用', 'The display secret is invalid or has been revoked'],
  missingSecret: ['本页地址中缺少显示屏密钥', 'The address of this page lacks the display secret'],
  fix: [
    '请管理员在控制台为本窗口重新生成显示屏链接',
    'An administrator can create a new display link for this window in the staff console',
  ],
} as const satisfies Record<string, Line>;

const renewsIn = (s: number): Line => [`${s} 秒后更新`, `Renews in ${s} s`];

/** Maps a state to the screen. */
export function describeState(state: DisplayState, now: number): DisplayView {
  switch (state.kind) {
    case 'starting':
      return { status: [TEXT.loading], tone: 'info' };
    case 'showing':
      return {
        qrUrl: state.code.url,
        countdown: renewsIn(secondsToRenewal(state, now)),
        status: state.failures > 0 ? [TEXT.retrying] : [],
        tone: state.failures > 0 ? 'warn' : 'info',
      };
    case 'unavailable':
      return { status: [TEXT.unavailable, TEXT.reconnecting], tone: 'alert' };
    case 'unauthorized':
      return { status: [TEXT.unauthorized, TEXT.fix], tone: 'alert' };
  }
}

/** The screen of a page opened without a usable secret. */
export const missingSecretView = (): DisplayView => ({
  status: [TEXT.missingSecret, TEXT.fix],
  tone: 'alert',
});
