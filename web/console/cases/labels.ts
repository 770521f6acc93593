/** Words of the case pages, zh-CN and English, kept with the module so it mounts without i18n edits. */
import { locale } from '../i18n';

type Pair = [zh: string, en: string];

/** Picks the current console locale's half of a pair. */
export const L = (p: Pair): string => (locale() === 'en' ? p[1] : p[0]);

export const STATUS: Record<string, Pair> = {
  new: ['待受理', 'New'],
  accepted: ['已受理', 'Accepted'],
  in_progress: ['办理中', 'In progress'],
  transferred: ['已转办', 'Transferred'],
  awaiting_coordination: ['待协调', 'Awaiting coordination'],
  resolved: ['已办结', 'Resolved'],
  callback_done: ['已回访', 'Called back'],
  closed: ['已关闭', 'Closed'],
};

export const ACTION: Record<string, Pair> = {
  accept: ['受理', 'Accept'],
  start: ['开始办理', 'Start'],
  transfer: ['转办', 'Transfer'],
  acknowledge_transfer: ['确认接收转办', 'Acknowledge transfer'],
  request_coordination: ['请求协调', 'Request coordination'],
  acknowledge_coordination: ['确认协调', 'Acknowledge coordination'],
  coordination_done: ['协调完成', 'Coordination done'],
  resolve: ['办结', 'Resolve'],
  callback: ['登记回访', 'Record callback'],
  close: ['关闭', 'Close'],
  open: ['立案', 'Opened'],
  escalate: ['超期升级', 'Escalated'],
  remind: ['到期提醒', 'Reminder'],
  appeal_filed: ['提出申诉', 'Appeal filed'],
  appeal_upheld: ['申诉成立', 'Appeal upheld'],
  appeal_rejected: ['申诉驳回', 'Appeal rejected'],
};

export const RESOLUTION: Record<string, Pair> = {
  fixed_now: ['立行立改', 'Fixed at once'],
  fixed_by_deadline: ['限期整改', 'Fixed by a deadline'],
  explained: ['解释说明', 'Explained'],
};

export const RATING: Record<string, Pair> = {
  satisfied: ['满意', 'Satisfied'],
  basically_satisfied: ['基本满意', 'Fairly satisfied'],
  dissatisfied: ['不满意（重新办理）', 'Dissatisfied (reopens)'],
};

export const W = {
  inbox: ['整改工单', 'Follow-up cases'] as Pair,
  all: ['全部', 'All'] as Pair,
  overdueOnly: ['仅看超期', 'Overdue only'] as Pair,
  overdue: ['超期', 'Overdue'] as Pair,
  opened: ['立案时间', 'Opened'] as Pair,
  due: ['办结期限', 'Due'] as Pair,
  unit: ['单位', 'Unit'] as Pair,
  summary: ['问题', 'Problem'] as Pair,
  status: ['状态', 'Status'] as Pair,
  timeline: ['办理记录', 'Timeline'] as Pair,
  note: ['备注', 'Note'] as Pair,
  who: ['经办人', 'By'] as Pair,
  orgId: ['目标单位编码', 'Target organisation id'] as Pair,
  phone: ['联系电话', 'Phone'] as Pair,
  reveal: ['查看完整号码（记入审计）', 'Reveal (audited)'] as Pair,
  appeal: ['申诉恶意差评', 'Appeal as malicious'] as Pair,
  evidence: ['证据名称', 'Evidence'] as Pair,
  none: ['暂无工单', 'No cases'] as Pair,
  metrics: ['闭环指标', 'Closed-loop metrics'] as Pair,
  closedLoop: ['闭环率', 'Closed-loop rate'] as Pair,
  ackOnTime: ['按时受理率', 'Acknowledged on time'] as Pair,
  resolvedOnTime: ['按时办结率', 'Resolved on time'] as Pair,
  median: ['办结用时中位数（小时）', 'Median hours to resolve'] as Pair,
  callbackSat: ['回访满意率', 'Callback satisfaction'] as Pair,
  appeals: ['申诉（成立/提出）', 'Appeals (upheld/filed)'] as Pair,
};
