/** Words of the case pages, zh-CN and English, kept with the module so it mounts without i18n edits. */
import { L, type Pair } from '../i18n';

export { L };

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
  deadlines_recounted: ['期限按公布的放假安排重算', 'Deadlines recounted on the published holiday schedule'],
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
  more: ['加载更多', 'Load more'] as Pair,
  noneHint: [
    '差评（不满意、非常不满意或投诉留言）会自动生成工单，送到被评价的单位；走访中发现的问题可在“走访评议”中登记为工单。',
    'A bad review (dissatisfied, very dissatisfied, or a complaint in a comment) opens a case at the rated unit by itself; problems found on a visit are recorded as cases under “Visits”.',
  ] as Pair,
  metrics: ['闭环指标', 'Closed-loop metrics'] as Pair,
  closedLoop: ['闭环率', 'Closed-loop rate'] as Pair,
  ackOnTime: ['按时受理率', 'Acknowledged on time'] as Pair,
  resolvedOnTime: ['按时办结率', 'Resolved on time'] as Pair,
  median: ['办结用时中位数（小时）', 'Median hours to resolve'] as Pair,
  callbackSat: ['回访满意率', 'Callback satisfaction'] as Pair,
  appeals: ['申诉（成立/提出）', 'Appeals (upheld/filed)'] as Pair,
  provisional: [
    '期限为暂定：该年度放假安排尚未公布，公布后可能调整',
    'Provisional deadline: the holiday schedule of that year is not published yet and may move it',
  ] as Pair,
  fromVisit: ['来自走访', 'From visit'] as Pair,
  transaction: ['办件编号 · 事项', 'Transaction · matter'] as Pair,
};

/** Words of the visit pages (走访评议). */
export const V = {
  visits: ['走访评议', 'Visits'] as Pair,
  visit: ['走访记录', 'Visit'] as Pair,
  unit: ['单位', 'Unit'] as Pair,
  from: ['开始日期', 'From'] as Pair,
  to: ['结束日期', 'To'] as Pair,
  show: ['查询', 'Show'] as Pair,
  date: ['走访日期', 'Date'] as Pair,
  partyType: ['走访对象类型', 'Visited'] as Pair,
  partyName: ['走访对象', 'Party'] as Pair,
  staff: ['走访民警（逗号分隔）', 'Staff (comma-separated)'] as Pair,
  staffShown: ['走访民警', 'Staff'] as Pair,
  notes: ['情况记录', 'Notes'] as Pair,
  record: ['登记走访', 'Record visit'] as Pair,
  none: ['暂无走访记录', 'No visits'] as Pair,
  noneHint: [
    '在下方登记一次走访（日期、对象、走访民警），再把走访中反映的问题登记为工单；需要其他部门办理的写明部门。',
    'Record a visit below (date, party, staff), then record each problem raised as a case, naming the department when another one must act.',
  ] as Pair,
  returned: ['回收问卷', 'Questionnaires returned'] as Pair,
  held: ['其中待核验', 'of which held for review'] as Pair,
  issues: ['反映的问题', 'Issues raised'] as Pair,
  noIssues: ['暂无', 'None'] as Pair,
  cases: ['关联工单', 'Cases opened'] as Pair,
  qr: ['走访二维码', 'Visit QR code'] as Pair,
  qrHint: [
    '走访时出示或发放此码，群众扫码填写的问卷将计入本次走访',
    'Show or hand out this code during the visit: questionnaires answered through it are tagged with the visit',
  ] as Pair,
  questionnaire: ['问卷', 'Questionnaire'] as Pair,
  servicePoint: ['计入窗口', 'Counted for service point'] as Pair,
  firstPoint: ['（默认：第一个窗口）', '(default: first service point)'] as Pair,
  validDays: ['有效天数（自走访日起）', 'Valid for days after the visit'] as Pair,
  issue: ['生成二维码', 'Issue code'] as Pair,
  revoke: ['停用二维码', 'Revoke code'] as Pair,
  confirmRevoke: ['停用后此码立即失效，确定？', 'The code stops working at once. Revoke?'] as Pair,
  png: ['下载 PNG', 'Download PNG'] as Pair,
  svg: ['下载 SVG（印刷）', 'Download SVG (print)'] as Pair,
  expires: ['有效期至', 'Valid until'] as Pair,
  noQr: ['尚未生成二维码', 'No code issued yet'] as Pair,
};

export const QR_STATUS: Record<string, Pair> = {
  active: ['有效', 'Active'],
  revoked: ['已停用', 'Revoked'],
  expired: ['已过期', 'Expired'],
};

export const PARTY: Record<string, Pair> = {
  organisation: ['机关单位', 'Organisation'],
  school: ['学校', 'School'],
  company: ['企业', 'Company'],
  shop: ['商户', 'Shop'],
  residents: ['居民', 'Residents'],
};
