/**
 * What citizens of the demo history answer: mostly satisfied (the ceiling effect), a unit-specific
 * share of bad reviews about that unit's real weak spot, comments in plain words, now and then a
 * phone for a callback; each from a phone of its own on a carrier's or a home network.
 */
import type { Answers } from '../../functions/schemas/submission';

export type Rng = () => number;

/** What a bad review at a unit is about: the question rated low, the problem ticked, what people write. */
export interface Weakness {
  question: 'q_attitude' | 'q_efficiency' | 'q_transparency';
  problems: string[];
  comments: string[];
}

export const WEAKNESSES = {
  wait: {
    question: 'q_efficiency',
    problems: ['long_wait'],
    comments: [
      '排队等了两个多小时，只开了一个窗口',
      '取号后等了一上午，中午还停办',
      '系统老是卡，来回跑了三趟才办完',
      '人太多了，没有人引导，不知道排哪个队',
      '预约了还要排队，预约有什么用',
    ],
  },
  attitude: {
    question: 'q_attitude',
    problems: ['rude'],
    comments: [
      '民警说话很冲，问两句就不耐烦',
      '不解释为什么材料不行，直接让回去',
      '窗口工作人员一直在看手机',
      '问路被呵斥了一顿，心里很不舒服',
    ],
  },
  documents: {
    question: 'q_transparency',
    problems: ['unclear_docs', 'repeat_visits'],
    comments: [
      '材料清单和网上说的不一样，白跑一趟',
      '一次性告知没做到，让我补了三次材料',
      '收费标准没有公示，问了也说不清',
    ],
  },
  slow: {
    question: 'q_efficiency',
    problems: ['repeat_visits'],
    comments: [
      '事故处理拖了一周还没出认定书',
      '打电话一直没人接，只能再跑一趟',
      '说好三天给结果，到现在没消息',
      '处理完了也不告诉我下一步怎么办',
    ],
  },
} satisfies Record<string, Weakness>;

const PRAISE = [
  '办理很快，谢谢',
  '民警很耐心，讲得很清楚',
  '环境干净，指示牌清楚',
  '希望周末也能办理',
  '自助机很方便，不用排队',
  '比以前快多了',
  '工作人员主动帮老人填表，点赞',
];

/** A keyword complaint with otherwise fair marks: the comment alone makes it a bad review. */
export const KEYWORD_COMPLAINTS = ['办事民警推诿，说不归他们管', '来了三次都说系统维护，感觉是在敷衍'];

const BUSINESS: Record<string, string[]> = {
  police_station: ['household', 'household', 'exit_entry', 'other'],
  vehicle_admin: ['vehicle'],
  traffic_squad: ['violation', 'violation', 'other'],
};

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const clampLevel = (x: number) => Math.max(1, Math.min(5, Math.round(x)));

/** A satisfied citizen: a base mood, questions close to it, optional parts answered as people do. */
export function satisfiedAnswers(r: Rng, unitType: string): Answers {
  const base = r() < 0.6 ? 5 : r() < 0.78 ? 4 : 3;
  // Satisfied throughout: no question below 基本满意.
  const near = () => Math.max(3, clampLevel(base + (r() < 0.25 ? (r() < 0.5 ? -1 : 1) : 0)));
  const a: Answers = {
    q_overall: base,
    q_attitude: near(),
    q_efficiency: near(),
    q_transparency: near(),
    q_safety: clampLevel(4 + (r() < 0.55 ? 1 : 0) - (r() < 0.08 ? 1 : 0)),
  };
  if (r() < 0.8) a.q_business = pick(r, BUSINESS[unitType] ?? ['other']);
  if (r() < 0.12) a.q_problems = ['long_wait'];
  if (r() < 0.75) a.q_recommend = Math.max(5, Math.min(10, base * 2 - Math.floor(r() * 3)));
  if (r() < 0.12) a.q_suggestion = pick(r, PRAISE);
  return a;
}

/** A bad review about `w`: that question at 1 or 2, the rest lower than usual, usually a comment. */
export function badAnswers(r: Rng, unitType: string, w: Weakness, comment = false): Answers {
  const low = r() < 0.45 ? 1 : 2;
  const a: Answers = {
    q_overall: r() < 0.25 ? 1 : r() < 0.7 ? 2 : 3,
    q_attitude: clampLevel(3 + r() * 1.5),
    q_efficiency: clampLevel(3 + r() * 1.5),
    q_transparency: clampLevel(3 + r() * 1.5),
    q_safety: clampLevel(3.5 + r()),
    [w.question]: low,
  };
  a.q_business = pick(r, BUSINESS[unitType] ?? ['other']);
  a.q_problems = [...w.problems];
  if (r() < 0.7) a.q_recommend = Math.floor(r() * 5);
  if (comment || r() < 0.8) a.q_suggestion = pick(r, w.comments);
  return a;
}

/** A complaint in words with fair marks (the keyword makes the case). */
export function keywordComplaint(r: Rng, unitType: string): Answers {
  return { ...satisfiedAnswers(r, unitType), q_overall: 3, q_suggestion: pick(r, KEYWORD_COMPLAINTS) };
}

/** A mainland mobile number. */
export const phone = (r: Rng): string =>
  `1${pick(r, ['3', '5', '7', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;

/** A phone's local-storage id (what the form keeps: 16–64 url-safe characters). */
export const phoneId = (r: Rng): string =>
  `d${Math.floor(r() * 2 ** 52)
    .toString(36)
    .padStart(11, '0')}${Math.floor(r() * 2 ** 40)
    .toString(36)
    .padStart(8, '0')}`;

/** The id a citizen's form sends, or none for 5 % of them (local storage refused). */
export const deviceId = (r: Rng): string | undefined => (r() < 0.05 ? undefined : phoneId(r));

/** Carrier-grade NAT pools of Hebei's mobile networks (shared /24s), home broadband, and IPv6. */
export function address(r: Rng): string {
  const u = r();
  if (u < 0.6) return `111.${62 + Math.floor(r() * 12)}.${Math.floor(r() * 40)}.${1 + Math.floor(r() * 250)}`;
  if (u < 0.85)
    return `${pick(r, [106, 121, 124, 27])}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${1 + Math.floor(r() * 250)}`;
  return `2409:8a04:${Math.floor(r() * 65535).toString(16)}:${Math.floor(r() * 65535).toString(16)}::1`;
}

/** Seconds a citizen takes over the form: log-normal around 80 s, never under 25 s. */
export function completionSeconds(r: Rng): number {
  const normal = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Math.max(25, Math.round(80 * Math.exp(0.45 * normal)));
}
