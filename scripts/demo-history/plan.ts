/**
 * The plan of the demo history: every ballot, case step, visit, appeal, stuffing episode and
 * campaign step of the last `days` days, each at its moment, in order. Pure and seeded: the same
 * day and options always give the same plan, so a second run replays exactly what the first did.
 */
import { createHash } from 'node:crypto';
import { badReviewReasons } from '../../functions/domain/cases/bad-review';
import { mulberry32 } from '../../functions/domain/scoring/prng';
import { serviceDay } from '../../functions/domain/service-day';
import type { Answers } from '../../functions/schemas/submission';
import { demoQuestionnaire } from '../../local/seed/demo-questionnaire';
import { demoUnits } from '../../local/seed/demo-units';
import type { DemoUser } from '../../local/seed/demo-users';
import {
  addHours,
  afterOfficeHours,
  at,
  dayRange,
  daysBefore,
  isWorkingDay,
  officeTime,
  weekday,
  workingDayBefore,
} from './calendar';
import { type CampaignPlan, campaignPlans } from './campaign-plan';
import {
  address,
  badAnswers,
  completionSeconds,
  deviceId,
  keywordComplaint,
  phone,
  phoneId,
  type Rng,
  satisfiedAnswers,
  WEAKNESSES,
  type Weakness,
} from './citizens';
import { JINGXIU_ADMIN, PROVINCE_ADMIN, UNIT_STAFF } from './staff';

export interface HistoryOptions {
  /** The real present: nothing is planned after it. */
  now: Date;
  /** Days of history before today (default 90). */
  days?: number;
  /** Multiplies the daily ballots of every window (default 1). */
  volume?: number;
  /** Interviews per county in the earlier and the latest campaign (default 40 and 60). */
  interviews?: [number, number];
  seed?: number;
}

/** A window of the demo seed and how busy and how good it is. */
interface Window {
  servicePointId: string;
  unitId: string;
  unitType: string;
  /** Ballots on an ordinary working day. */
  daily: number;
  /** Share of that on Saturdays (0: closed). */
  saturday: number;
}

/** Each unit's share of bad reviews at the start and at the end of the period, and what they are about. */
const QUALITY: Record<string, { from: number; to: number; weakness: Weakness }> = {
  '130628001': { from: 0.05, to: 0.05, weakness: WEAKNESSES.documents },
  // 车管所 and 建北派出所 improve; 路北一中队 declines.
  '130628002': { from: 0.2, to: 0.04, weakness: WEAKNESSES.wait },
  '130628003': { from: 0.07, to: 0.07, weakness: WEAKNESSES.attitude },
  '130102001': { from: 0.16, to: 0.04, weakness: WEAKNESSES.attitude },
  '130602001': { from: 0.06, to: 0.06, weakness: WEAKNESSES.documents },
  '130203001': { from: 0.03, to: 0.17, weakness: WEAKNESSES.slow },
};

const DAILY: Record<string, [number, number]> = {
  '130628001-01': [4, 0],
  '130628001-02': [3, 0],
  '130628002-01': [6, 0.5],
  '130628002-02': [5, 0.5],
  '130628003-01': [3, 0],
  '130102001-01': [4, 0],
  '130102001-02': [2, 0.4],
  '130602001-01': [3, 0],
  '130203001-01': [3, 0],
};

export const unitIdOf = (u: { countyCode: string; seq: number }) =>
  `${u.countyCode}${String(u.seq).padStart(3, '0')}`;

export const WINDOWS: Window[] = demoUnits.flatMap((u) =>
  u.windows.map((_, i) => {
    const servicePointId = `${unitIdOf(u)}-${String(i + 1).padStart(2, '0')}`;
    const [daily, saturday] = DAILY[servicePointId] ?? [2, 0];
    return { servicePointId, unitId: unitIdOf(u), unitType: u.unitType, daily, saturday };
  }),
);

export interface BallotEvent {
  kind: 'ballot';
  at: Date;
  /** Stable key: the submission id is derived from it, so a replay is the same submission. */
  key: string;
  servicePointId: string;
  /** Given through a visit's own QR code instead of the window's. */
  visitKey?: string;
  answers: Answers;
  seconds: number;
  deviceId?: string;
  address: string;
  contact?: { phone: string; consentVersion: string };
  /** Set on the ballots of a stuffing episode. */
  episode?: string;
}

/** Which case a step acts on: the one a ballot opened, or one recorded by hand on a visit. */
export type CaseRef = { ballot: string } | { manual: string };

export type CaseStepBody =
  | {
      type: 'accept' | 'start' | 'acknowledge_transfer' | 'acknowledge_coordination' | 'close';
      note?: string;
    }
  | { type: 'transfer' | 'request_coordination'; orgId: string; note?: string }
  | { type: 'resolve'; category: 'fixed_now' | 'fixed_by_deadline' | 'explained'; note: string }
  | { type: 'callback'; rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; note?: string }
  | { type: 'appeal'; reason: string; evidence: { name: string; note?: string }[] }
  | { type: 'decide'; upheld: boolean; note: string };

export interface CaseStepEvent {
  kind: 'case-step';
  at: Date;
  ref: CaseRef;
  /** Position in the case's own plan: steps already in its timeline are not taken again. */
  index: number;
  as: DemoUser;
  body: CaseStepBody;
}

export interface VisitEvent {
  kind: 'visit';
  at: Date;
  key: string;
  as: DemoUser;
  unitId: string;
  partyType: 'organisation' | 'school' | 'company' | 'shop' | 'residents';
  partyName: string;
  staff: string[];
  notes: string;
  /** Issue the visit's own QR code right after recording it. */
  qr: boolean;
}

export interface VisitCaseEvent {
  kind: 'visit-case';
  at: Date;
  /** `visitKey#n`: the n-th problem of the visit. */
  key: string;
  visitKey: string;
  as: DemoUser;
  problem: string;
  visitedParty: string;
  neededDepartment?: string;
}

export interface EscalationEvent {
  kind: 'escalation';
  at: Date;
}

export interface CampaignEvent {
  kind: 'campaign';
  at: Date;
  step: 'create' | 'upload' | 'publish';
  campaign: CampaignPlan;
  as: DemoUser;
}

export type HistoryEvent =
  | BallotEvent
  | CaseStepEvent
  | VisitEvent
  | VisitCaseEvent
  | EscalationEvent
  | CampaignEvent;

export interface HistoryPlan {
  firstDay: string;
  today: string;
  events: HistoryEvent[];
  campaigns: CampaignPlan[];
}

/** A submission id from a key: 22 url-safe characters, the same for the same key. */
export const submissionIdOf = (key: string): string =>
  createHash('sha256').update(`demo-history:${key}`).digest('base64url').slice(0, 22);

const between = (r: Rng, lo: number, hi: number) => lo + r() * (hi - lo);

/** A moment of a window's day: the morning and afternoon peaks, little at lunch, none outside 08:30–17:30. */
function ballotTime(r: Rng, day: string, saturday: boolean): Date {
  const hump = () => (r() + r()) / 2;
  if (saturday) return at(day, '09:00', 180 * hump());
  const u = r();
  if (u < 0.5) return at(day, '08:35', 200 * hump());
  if (u < 0.57) return at(day, '12:00', 90 * r());
  return at(day, '13:35', 230 * hump());
}

const RESOLUTIONS: Record<'fixed_now' | 'fixed_by_deadline' | 'explained', string[]> = {
  fixed_now: ['已当面致歉并当场补办', '已增开窗口，高峰期安排民警引导', '已对当事民警批评教育，当日整改'],
  fixed_by_deadline: ['已制定整改措施：周六增设预约时段，两周内完成', '已更新材料清单并在窗口和网上同步公示'],
  explained: ['已向群众解释办理流程和所需材料，群众表示理解', '经核实属系统升级临时停办，已说明原因'],
};

/**
 * The steps a case takes: accepted within a working day (sometimes later), worked on, resolved in
 * a few days (sometimes past its deadline), called back, and closed; a callback rated 不满意
 * sends it back, and it is resolved again. Steps after `now` do not happen (yet).
 */
function lifecycle(r: Rng, opened: Date, as: DemoUser): { at: Date; as: DemoUser; body: CaseStepBody }[] {
  const steps: { at: Date; as: DemoUser; body: CaseStepBody }[] = [];
  let t = afterOfficeHours(opened, r() < 0.08 ? between(r, 9, 14) : between(r, 0.3, 6));
  steps.push({ at: t, as, body: { type: 'accept' } });
  t = afterOfficeHours(t, between(r, 0.5, 4));
  steps.push({ at: t, as, body: { type: 'start' } });
  const resolve = () => {
    const category = r() < 0.4 ? 'fixed_now' : r() < 0.5 ? 'fixed_by_deadline' : 'explained';
    t = afterOfficeHours(t, r() < 0.08 ? between(r, 60, 90) : between(r, 4, 30));
    steps.push({
      at: t,
      as,
      body: { type: 'resolve', category, note: RESOLUTIONS[category][Math.floor(r() * 2)]! },
    });
  };
  resolve();
  t = afterOfficeHours(t, between(r, 2, 12));
  const u = r();
  if (u < 0.1) {
    steps.push({
      at: t,
      as,
      body: { type: 'callback', rating: 'dissatisfied', note: '群众认为问题没有真正解决' },
    });
    resolve();
    t = afterOfficeHours(t, between(r, 2, 10));
  }
  const rating = u < 0.1 || u > 0.28 ? 'satisfied' : 'basically_satisfied';
  steps.push({ at: t, as, body: { type: 'callback', rating, note: '电话回访，群众对处理结果表示认可' } });
  t = afterOfficeHours(t, between(r, 1, 8));
  steps.push({ at: t, as, body: { type: 'close' } });
  return steps;
}

/** The latest office moment at least `hours` before `now`. */
function officeBefore(now: Date, hours: number): Date {
  for (let back = hours; back < hours + 24 * 10; back += 0.5) {
    const t = addHours(now, -back);
    if (officeTime(t).getTime() === t.getTime()) return t;
  }
  return addHours(now, -hours);
}

/** Builds the whole plan. */
export function planHistory(opts: HistoryOptions): HistoryPlan {
  const r = mulberry32(opts.seed ?? 90);
  const now = opts.now;
  const today = serviceDay(now);
  const days = opts.days ?? 90;
  const firstDay = daysBefore(today, days);
  const volume = opts.volume ?? 1;
  const events: HistoryEvent[] = [];
  const steps = new Map<string, { at: Date; as: DemoUser; body: CaseStepBody }[]>();
  const addBallot = (b: Omit<BallotEvent, 'kind'>) => {
    const e: BallotEvent = { kind: 'ballot', ...b };
    events.push(e);
    return e;
  };

  // 1. The genuine ballots of every window, day by day.
  const bad: { e: BallotEvent; unitId: string }[] = [];
  // Today's ballots too, as far as the day has gone (the plan keeps nothing after now).
  for (const day of dayRange(firstDay, today)) {
    const working = isWorkingDay(day);
    const saturday = weekday(day) === 6 && !working;
    const progress = (Date.parse(day) - Date.parse(firstDay)) / (days * 86_400_000);
    for (const w of WINDOWS) {
      const dayFactor = working
        ? ([1.3, 1.05, 1, 0.95, 0.8][weekday(day) - 1] ?? 1)
        : saturday
          ? w.saturday
          : 0;
      const expected = w.daily * volume * dayFactor;
      const n = Math.floor(expected + r());
      const q = QUALITY[w.unitId]!;
      const badShare = q.from + (q.to - q.from) * progress;
      for (let i = 0; i < n; i++) {
        const isBad = r() < badShare;
        const keyword = !isBad && r() < 0.004;
        const answers = isBad
          ? badAnswers(r, w.unitType, q.weakness)
          : keyword
            ? keywordComplaint(r, w.unitType)
            : satisfiedAnswers(r, w.unitType);
        const wantsCall = isBad || keyword ? r() < 0.45 : r() < 0.04;
        const e = addBallot({
          at: ballotTime(r, day, saturday),
          key: `${w.servicePointId}/${day}/${i}`,
          servicePointId: w.servicePointId,
          answers,
          seconds: completionSeconds(r),
          deviceId: deviceId(r),
          address: address(r),
          ...(wantsCall ? { contact: { phone: phone(r), consentVersion: 'c2026-1' } } : {}),
        });
        if (isBad || keyword) bad.push({ e, unitId: w.unitId });
      }
    }
  }

  // 2. Cases that show every state, on chosen bad reviews; the others follow the usual course.
  // Ages count from today's noon, not the minute: a start later the same day chooses the same cases.
  const noon = at(today, '12:00').getTime();
  const daysAgo = (e: BallotEvent) => (noon - e.at.getTime()) / 86_400_000;
  const taken = new Set<string>();
  const choose = (unitId: string, ageDays: number) => {
    const candidates = bad.filter((b) => b.unitId === unitId && !taken.has(b.e.key));
    const best = candidates.sort(
      (a, b) => Math.abs(daysAgo(a.e) - ageDays) - Math.abs(daysAgo(b.e) - ageDays),
    )[0];
    if (best) taken.add(best.e.key);
    return best?.e;
  };
  const script = (
    e: BallotEvent | undefined,
    list: { hours: number; as?: DemoUser; body: CaseStepBody }[],
    unitId: string,
  ) => {
    if (!e) return;
    let t = e.at;
    steps.set(
      e.key,
      list.map((s) => {
        t = afterOfficeHours(t, s.hours);
        return { at: t, as: s.as ?? UNIT_STAFF[unitId]!, body: s.body };
      }),
    );
  };
  // Open: a bad review a couple of office hours ago, not yet acknowledged.
  addBallot({
    at: officeBefore(now, 2),
    key: `130628001-01/open`,
    servicePointId: '130628001-01',
    answers: badAnswers(r, 'police_station', WEAKNESSES.documents, true),
    seconds: completionSeconds(r),
    deviceId: deviceId(r),
    address: address(r),
    contact: { phone: phone(r), consentVersion: 'c2026-1' },
  });
  steps.set('130628001-01/open', []);
  // Accepted, not yet worked on.
  script(choose('130628001', 1.5), [{ hours: 2, body: { type: 'accept' } }], '130628001');
  // Transferred to the traffic squad, which acknowledged it and works on it.
  script(
    choose('130628001', 5),
    [
      { hours: 1, body: { type: 'accept' } },
      {
        hours: 2,
        body: {
          type: 'transfer',
          orgId: '130628003',
          note: '反映的路口信号灯配时问题属交警业务，转城区中队办理',
        },
      },
      {
        hours: 3,
        as: UNIT_STAFF['130628003'],
        body: { type: 'acknowledge_transfer', note: '已接收，安排现场查看' },
      },
    ],
    '130628001',
  );
  // Accepted and then left: past its deadline, the escalation job raises it to the county.
  script(choose('130628002', 16), [{ hours: 3, body: { type: 'accept' } }], '130628002');
  // Never acknowledged: escalated for the late acknowledgement.
  script(choose('130203001', 6), [], '130203001');
  // Reopened: the callback found the citizen unsatisfied, so the work starts again.
  script(
    choose('130628001', 9),
    [
      { hours: 1, body: { type: 'accept' } },
      { hours: 2, body: { type: 'start' } },
      { hours: 10, body: { type: 'resolve', category: 'explained', note: '已电话说明补办材料要求' } },
      { hours: 6, body: { type: 'callback', rating: 'dissatisfied', note: '群众表示仍要多跑一趟，不满意' } },
    ],
    '130628001',
  );
  // Waiting on the county bureau, which has acknowledged the request.
  script(
    choose('130602001', 7),
    [
      { hours: 2, body: { type: 'accept' } },
      { hours: 1, body: { type: 'start' } },
      {
        hours: 3,
        body: { type: 'request_coordination', orgId: '130602', note: '涉及户籍系统权限，需分局协调' },
      },
      {
        hours: 4,
        as: JINGXIU_ADMIN,
        body: { type: 'acknowledge_coordination', note: '分局已安排信息中心处理' },
      },
    ],
    '130602001',
  );
  // Appeals: one upheld (the ballot leaves the scores), one rejected (the unit fixes it after all).
  const malicious = addBallot({
    at: ballotTime(r, workingDayBefore(today, 22), false),
    key: '130628001-01/malicious',
    servicePointId: '130628001-01',
    answers: {
      q_overall: 1,
      q_attitude: 1,
      q_efficiency: 1,
      q_transparency: 1,
      q_safety: 1,
      q_suggestion: '就是看你们不顺眼',
    },
    seconds: completionSeconds(r),
    deviceId: deviceId(r),
    address: address(r),
  });
  script(
    malicious,
    [
      { hours: 1, body: { type: 'accept' } },
      {
        hours: 4,
        body: {
          type: 'appeal',
          reason: '评价人当天未在该窗口办理业务，叫号记录与监控录像可证，属恶意差评',
          evidence: [{ name: '窗口监控录像截图' }, { name: '叫号系统当日记录', note: '评价时段无业务办理' }],
        },
      },
      {
        hours: 20,
        as: PROVINCE_ADMIN,
        body: {
          type: 'decide',
          upheld: true,
          note: '经核查监控和叫号记录，评价人未在该时段办理业务，认定为恶意差评，不计入成绩',
        },
      },
    ],
    '130628001',
  );
  script(
    choose('130203001', 26),
    [
      { hours: 1, body: { type: 'accept' } },
      {
        hours: 3,
        body: {
          type: 'appeal',
          reason: '群众情绪激动，反映问题与事实不符',
          evidence: [{ name: '执法记录仪视频' }],
        },
      },
      {
        hours: 16,
        as: PROVINCE_ADMIN,
        body: { type: 'decide', upheld: false, note: '执法记录仪显示民警确有言语不当，差评属实，不予支持' },
      },
      {
        hours: 4,
        body: { type: 'resolve', category: 'fixed_now', note: '已对当事民警批评教育并向群众道歉' },
      },
      {
        hours: 6,
        body: { type: 'callback', rating: 'basically_satisfied', note: '电话回访，群众表示基本满意' },
      },
      { hours: 3, body: { type: 'close' } },
    ],
    '130203001',
  );

  // 3. Field visits, some with problems for other departments; one hands out its own QR code.
  const visits: {
    day: number;
    unitId: string;
    party: VisitEvent['partyType'];
    name: string;
    notes: string;
    qr?: boolean;
    problems: [string, string?][];
  }[] = [
    {
      day: 70,
      unitId: '130628001',
      party: 'school',
      name: '高阳县第一中学',
      notes: '开学季校园周边安全走访',
      problems: [['放学时段校门口车辆乱停，学生过马路危险', '县交警大队']],
    },
    {
      day: 46,
      unitId: '130628001',
      party: 'residents',
      name: '城关镇东关社区',
      notes: '入户走访，听取居民意见',
      problems: [
        ['小区周边夜间路灯不亮，居民担心安全', '县城市管理综合执法局'],
        ['希望派出所定期到社区办理户籍业务'],
      ],
    },
    {
      day: 31,
      unitId: '130628001',
      party: 'company',
      name: '高阳县某纺织有限公司',
      notes: '走访企业，了解外地员工办证需求',
      problems: [['外地员工办理居住证要多次请假，希望集中上门办理']],
    },
    {
      day: 20,
      unitId: '130602001',
      party: 'school',
      name: '竞秀区某小学',
      notes: '护学岗走访',
      problems: [['早高峰学校门口拥堵，接送车辆占道', '市交警支队竞秀大队']],
    },
    {
      day: 12,
      unitId: '130628001',
      party: 'shop',
      name: '城关镇商业街商户',
      notes: '走访商户，发放评议二维码',
      qr: true,
      problems: [['商户反映夜间有人强行推销，扰乱经营']],
    },
  ];
  for (const v of visits) {
    const key = `visit/${v.unitId}/${v.day}`;
    const when = at(daysBefore(today, v.day), '09:30');
    if (!isWorkingDay(serviceDay(when)) && v.day > 0) when.setTime(officeTime(when).getTime());
    const as = UNIT_STAFF[v.unitId]!;
    events.push({
      kind: 'visit',
      at: when,
      key,
      as,
      unitId: v.unitId,
      partyType: v.party,
      partyName: v.name,
      staff: [as.name.split(' · ')[1]!, '陈刚'],
      notes: v.notes,
      qr: v.qr === true,
    });
    v.problems.forEach(([problem, dept], i) => {
      const caseKey = `${key}#${i}`;
      const opened = addHours(when, 3 + i * 0.25);
      events.push({
        kind: 'visit-case',
        at: opened,
        key: caseKey,
        visitKey: key,
        as,
        problem,
        visitedParty: v.name,
        neededDepartment: dept,
      });
      steps.set(caseKey, lifecycle(r, opened, as));
    });
    if (v.qr) {
      for (let i = 0; i < 6; i++) {
        addBallot({
          at: afterOfficeHours(when, 1 + i * 1.5),
          key: `${key}/qr/${i}`,
          servicePointId: '130628001-02',
          visitKey: key,
          answers:
            i === 4
              ? badAnswers(r, 'police_station', WEAKNESSES.attitude)
              : satisfiedAnswers(r, 'police_station'),
          seconds: completionSeconds(r),
          deviceId: deviceId(r),
          address: address(r),
        });
      }
    }
  }
  // Every other bad review (as the system judges it) takes the usual course at its unit.
  for (const b of events) {
    if (b.kind !== 'ballot' || steps.has(b.key)) continue;
    if (badReviewReasons(demoQuestionnaire, b.answers).length === 0) continue;
    steps.set(b.key, lifecycle(r, b.at, UNIT_STAFF[b.servicePointId.split('-')[0]!]!));
  }

  // 4. Two stuffing episodes the integrity rules catch.
  const coached = workingDayBefore(today, 27);
  const staffPhones = [phoneId(r), phoneId(r), phoneId(r)];
  const perfect: Answers = { q_overall: 5, q_attitude: 5, q_efficiency: 5, q_transparency: 5, q_safety: 5 };
  for (let i = 0; i < 24; i++) {
    addBallot({
      at: at(coached, '16:35', i * 0.6),
      key: `episode/coached/${i}`,
      servicePointId: '130203001-01',
      answers: perfect,
      seconds: 9 + Math.floor(r() * 6),
      deviceId: staffPhones[i % 3],
      address: `223.104.3.${20 + (i % 3)}`,
      episode: 'coached',
    });
  }
  const school = workingDayBefore(today, 10);
  const standard: Answers = { ...perfect, q_business: 'household', q_recommend: 10 };
  for (let i = 0; i < 30; i++) {
    addBallot({
      at: at(school, '10:02', i * 0.8),
      key: `episode/standard/${i}`,
      servicePointId: i % 2 === 0 ? '130102001-01' : '130102001-02',
      answers: standard,
      seconds: 30 + Math.floor(r() * 20),
      deviceId: phoneId(r),
      address: `36.112.8.${10 + i}`,
      episode: 'standard',
    });
  }

  // 5. Case steps, the escalation job every working morning, and the campaigns.
  for (const [key, list] of steps) {
    const ref: CaseRef = key.startsWith('visit/') && key.includes('#') ? { manual: key } : { ballot: key };
    list.forEach((s, index) => {
      events.push({ kind: 'case-step', at: s.at, ref, index, as: s.as, body: s.body });
    });
  }
  for (const day of dayRange(firstDay, today)) {
    if (!isWorkingDay(day)) continue;
    events.push({ kind: 'escalation', at: at(day, '08:20') });
  }
  const campaigns = campaignPlans(today, opts.interviews ?? [40, 60], r);
  for (const c of campaigns) {
    for (const s of c.steps) events.push({ kind: 'campaign', at: s.at, step: s.step, campaign: c, as: s.as });
  }

  // Only what has happened by now, in order (steps of a case keep their order at equal times).
  const order = (e: HistoryEvent) => (e.kind === 'escalation' ? 1 : e.kind === 'case-step' ? 2 : 0);
  const happened = events
    .filter((e) => e.at.getTime() <= now.getTime())
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || order(a.e) - order(b.e) || a.i - b.i)
    .map((x) => x.e);
  return { firstDay, today, events: happened, campaigns };
}
