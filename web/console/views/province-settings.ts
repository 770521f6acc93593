/**
 * 省级设置: the province's one versioned record of what shapes its scores (the score mapping, the
 * integrity defaults under every questionnaire's own, how far behind the units see their own
 * figures) and every saved version. The province admin saves a new version; the other levels
 * above the rated unit read it; the unit has no menu entry.
 *
 * Primary course:
 * 1. Read `GET /provinces/{id}/settings` and `…/settings/versions`; show the version in force and
 *    the history, newest first.
 * 2. With `settings:write` at the province itself, a form filled from the version in force; on
 *    save the page checks it with the server's schema and names each problem beside its field.
 * 3. Otherwise PUT it with the version it was read at (`expectedVersion`): a newer version saved
 *    meanwhile answers 409 with the server's message; field problems from the server show beside
 *    their fields too; on success the page reloads and shows the new version.
 */
import { DEFAULT_LIMITS, type QuietLimits } from '../../../functions/domain/integrity/settings';
import type { ProvinceSettings } from '../../../functions/domain/province-settings';
import { h, replaceChildren } from '../../shared/dom';
import { ApiError } from '../api';
import type { ProvinceSettingsVersions, ProvinceSettingsView } from '../api-types';
import type { Ctx } from '../context';
import { fill, L, locale, type Pair, t } from '../i18n';
import { SATISFACTION_LABEL_KEYS } from '../labels';
import { bodyOf, type FormIssue, formOf, issuesOf, LIMIT_KEYS, type SettingsForm } from '../settings-model';
import { checkbox, errorPanel, fmtDateTime, input, on, pageTitle, statusLine, table, uid } from '../ui';

const W = {
  title: ['省级设置', 'Province settings'],
  intro: [
    '全省唯一的满意度得分映射、评价真实性默认设置与单位数据截止。只有省厅管理员可保存新版本；每个版本永久保留，每次保存均记入审计。',
    "The province's one score mapping, ballot-integrity defaults and the units' figures cut-off. Only the province admin saves a new version; every version is kept and every save is audited.",
  ],
  readOnly: [
    '您可以查看，但只有省厅管理员可以修改。',
    'You may read these; only the province admin changes them.',
  ],
  current: ['现行版本', 'Version in force'],
  version: ['版本', 'Version'],
  defaults: ['第 0 版：系统默认，尚未保存过', 'Version 0: the built-in defaults, never saved'],
  savedBy: ['保存人', 'Saved by'],
  savedAt: ['保存时间', 'Saved at'],
  mapping: ['得分映射（0–100）', 'Score mapping (0–100)'],
  level: ['评价等级', 'Level'],
  points: ['分值', 'Score'],
  cutoff: ['单位数据截止（工作日）', "Units' figures cut-off (working days)"],
  cutoffHint: [
    '单位只能看到截至若干个工作日前的本单位统计；1 表示截至上一个工作日结束。省级与审计人员实时可见。',
    'Units see their own figures up to the end of this many working days back; 1 means the end of the previous working day. The province and auditors see them live.',
  ],
  integrity: ['评价真实性默认设置', 'Ballot-integrity defaults'],
  integrityNone: ['全部采用部署默认值。', "All at the deployment's defaults."],
  hidden: [
    '静默上限、开放时间与单位网络仅省级管理员与审计人员可见（已设定，此处不显示）。',
    'Quiet limits, opening hours and unit networks are shown to the province admin and auditors only (set, not shown here).',
  ],
  history: ['历次版本', 'Every version'],
  noHistory: ['尚未保存过任何版本。', 'No version saved yet.'],
  edit: ['保存新版本', 'Save a new version'],
  basedOn: ['基于第 {v} 版修改', 'Editing from version {v}'],
  ballots: ['投票方式', 'Ballot modes'],
  static: ['固定二维码', 'Fixed QR code'],
  rotating: ['动态二维码（窗口屏幕）', 'Rotating QR code (window display)'],
  oneTime: ['一次性码', 'One-time tokens'],
  altcha: ['提交前工作量证明（ALTCHA）', 'Proof of work before submitting (ALTCHA)'],
  rotatingSeconds: ['动态码刷新周期（秒，10–600）', 'Rotating code period (s, 10–600)'],
  rotatingFillMinutes: ['动态码填写时限（分钟，5–240）', 'Rotating code fill time (min, 5–240)'],
  limits: [
    '静默上限（超出的评价照常保存但被隔离；留空 = 默认值）',
    'Quiet limits (ballots beyond are kept but quarantined; empty = default)',
  ],
  open: ['开放时间起（北京时间）', 'Opening hours from (Beijing time)'],
  close: ['开放时间止', 'Opening hours until'],
  networks: ['单位内网网段（每行一个，如 10.0.0.0/8）', "Units' own networks (one CIDR range a line)"],
  defaultIs: ['默认 {n}', 'default {n}'],
  save: ['保存为新版本', 'Save as a new version'],
  saved: ['已保存为第 {v} 版', 'Saved as version {v}'],
  fix: ['请先更正标出的问题。', 'Correct the marked problems first.'],
} satisfies Record<string, Pair>;

const LIMIT_LABELS: Record<keyof QuietLimits, Pair> = {
  perStaticToken: ['每个固定码每日', 'Per fixed QR code a day'],
  perRotatingToken: ['每个动态码', 'Per rotating code'],
  perDevice: ['每台设备每个窗口每日', 'Per device at a window a day'],
  perNetwork4: ['每个 IPv4 /24 网段每日', 'Per IPv4 /24 a day'],
  perNetwork6: ['每个 IPv6 /64 网段每日', 'Per IPv6 /64 a day'],
  perNetwork4Weekly: ['每个 IPv4 /24 网段每周', 'Per IPv4 /24 a week'],
  perNetwork6Weekly: ['每个 IPv6 /64 网段每周', 'Per IPv6 /64 a week'],
  perDeviceAllPoints: ['每台设备全部窗口每日', 'Per device at all windows a day'],
  burst: ['短时集中提交条数', 'Burst: ballots'],
  burstMinutes: ['短时集中时段（分钟）', 'Burst: minutes'],
  sameAnswers: ['相同答案条数', 'Identical answers'],
};

/** The mapping as `非常满意 100 · 满意 80 …`, level 5 first. */
const mappingText = (m: readonly number[]) =>
  [4, 3, 2, 1, 0].map((i) => `${t(SATISFACTION_LABEL_KEYS[i + 1]!)} ${m[i]}`).join(' · ');

/** The integrity defaults a version sets, as label–value lines. */
function integrityLines(i: ProvinceSettings['integrity']): [string, string][] {
  const lines: [string, string][] = [];
  if (i.ballots) {
    const modes = (['static', 'rotating', 'oneTime'] as const)
      .filter((k) => i.ballots?.[k])
      .map((k) => L(W[k]));
    lines.push([L(W.ballots), modes.join('、')]);
  }
  if (i.altcha !== undefined) lines.push([L(W.altcha), i.altcha ? '✓' : '✗']);
  if (i.rotatingSeconds !== undefined) lines.push([L(W.rotatingSeconds), String(i.rotatingSeconds)]);
  if (i.rotatingFillMinutes !== undefined)
    lines.push([L(W.rotatingFillMinutes), String(i.rotatingFillMinutes)]);
  for (const k of LIMIT_KEYS) {
    const x = i.limits?.[k];
    if (x !== undefined) lines.push([L(LIMIT_LABELS[k]), String(x)]);
  }
  if (i.openingHours)
    lines.push([`${L(W.open)} – ${L(W.close)}`, `${i.openingHours.open}–${i.openingHours.close}`]);
  if (i.unitNetworks?.length) lines.push([L(W.networks), i.unitNetworks.join(', ')]);
  return lines;
}

function currentSection(s: ProvinceSettingsView): HTMLElement {
  const lines = integrityLines(s.integrity);
  const row = (label: string, value: string) => h('div', {}, h('dt', {}, label), h('dd', {}, value));
  return h(
    'section',
    { class: 'panel', 'data-current-version': String(s.version) },
    h('h2', {}, `${L(W.current)}：${s.version === 0 ? L(W.defaults) : `${L(W.version)} ${s.version}`}`),
    h(
      'dl',
      { class: 'facts' },
      s.updatedAt && row(L(W.savedAt), fmtDateTime(s.updatedAt)),
      s.updatedBy && row(L(W.savedBy), s.updatedBy),
      row(L(W.mapping), mappingText(s.scoreMapping)),
      row(L(W.cutoff), String(s.figures.unitCutoffWorkingDays)),
    ),
    h('h3', {}, L(W.integrity)),
    lines.length > 0
      ? h('dl', { class: 'facts' }, ...lines.map(([l, x]) => row(l, x)))
      : !s.hiddenSettings?.length && h('p', { class: 'muted' }, L(W.integrityNone)),
    !!s.hiddenSettings?.length && h('p', { class: 'muted', 'data-hidden-settings': 'true' }, L(W.hidden)),
  );
}

function historySection(versions: ProvinceSettingsVersions['items']): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'data-history': 'true' },
    h('h2', {}, L(W.history)),
    versions.length === 0
      ? h('p', { class: 'muted' }, L(W.noHistory))
      : table(
          [L(W.version), L(W.savedAt), L(W.savedBy), L(W.mapping), L(W.cutoff), L(W.integrity)],
          versions.map((s) => [
            String(s.version),
            s.updatedAt ? fmtDateTime(s.updatedAt) : '—',
            s.updatedBy ?? '—',
            mappingText(s.scoreMapping),
            String(s.figures.unitCutoffWorkingDays),
            integrityLines(s.integrity)
              .map(([l, x]) => `${l} ${x}`)
              .join('；') || L(W.integrityNone),
          ]),
          L(W.history),
        ),
  );
}

/** The fields of the form by API field path, each with its error line. */
class FieldErrors {
  private readonly fields = new Map<string, { control: HTMLElement; error: HTMLElement; group: boolean }>();

  /** A labelled control whose problems (at `path` or below it) show beneath it. */
  field(path: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
    control.id ||= uid('f');
    const error = this.register(path, control, false);
    const hintEl = hint ? h('span', { class: 'hint', id: uid('h') }, hint) : null;
    if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
    return h(
      'div',
      { class: 'field', 'data-field': path },
      h('label', { for: control.id }, label),
      control,
      hintEl,
      error,
    );
  }

  /** A fieldset whose own problems (not its fields') show at its end. */
  group(path: string, fieldset: HTMLFieldSetElement): HTMLFieldSetElement {
    fieldset.tabIndex = -1;
    fieldset.dataset.field = path;
    const error = this.register(path, fieldset, true);
    fieldset.setAttribute('aria-describedby', error.id);
    fieldset.append(error);
    return fieldset;
  }

  private register(path: string, control: HTMLElement, group: boolean): HTMLElement {
    const error = h('p', { class: 'field-error', id: uid('e'), hidden: true });
    this.fields.set(path, { control, error, group });
    return error;
  }

  /** Shows `issues` beside their fields; returns those no field claims. */
  show(issues: readonly FormIssue[]): FormIssue[] {
    for (const { control, error } of this.fields.values()) {
      error.hidden = true;
      error.textContent = '';
      control.removeAttribute('aria-invalid');
    }
    const rest: FormIssue[] = [];
    for (const issue of issues) {
      const path = [...this.fields.keys()]
        .filter((p) => issue.field === p || issue.field.startsWith(`${p}.`))
        .sort((a, b) => b.length - a.length)[0];
      const f = path === undefined ? undefined : this.fields.get(path);
      if (!f) {
        rest.push(issue);
        continue;
      }
      const msg = locale() === 'en' ? issue.messageEn : issue.message;
      f.error.textContent = f.error.textContent ? `${f.error.textContent}；${msg}` : msg;
      f.error.hidden = false;
      if (!f.group) {
        f.control.setAttribute('aria-invalid', 'true');
        f.control.setAttribute('aria-errormessage', f.error.id);
      }
    }
    const first = issues.length > 0 ? this.fields.get(issues[0]!.field) : undefined;
    (first?.control ?? [...this.fields.values()].find((f) => !f.error.hidden)?.control)?.focus();
    return rest;
  }
}

function numberInput(value: string, min: number, max: number, placeholder?: string): HTMLInputElement {
  return input({ type: 'number', min, max, step: 1, inputmode: 'numeric', placeholder }, value);
}

function editForm(
  ctx: Ctx,
  province: string,
  s: ProvinceSettingsView,
  reload: (v: number) => void,
): HTMLElement {
  const f: SettingsForm = formOf(s);
  const errors = new FieldErrors();
  const status = statusLine();
  const mapping = f.mapping.map((x) => numberInput(x, 0, 100));
  const cutoff = numberInput(f.cutoff, 1, 10);
  const rotatingSeconds = numberInput(f.rotatingSeconds, 10, 600, fill(L(W.defaultIs), { n: 30 }));
  const rotatingFill = numberInput(f.rotatingFillMinutes, 5, 240, fill(L(W.defaultIs), { n: 30 }));
  const limits = LIMIT_KEYS.map(
    (k) =>
      [
        k,
        numberInput(f.limits[k] ?? '', 1, 700_000, fill(L(W.defaultIs), { n: DEFAULT_LIMITS[k] })),
      ] as const,
  );
  const open = input({ type: 'time' }, f.open);
  const close = input({ type: 'time' }, f.close);
  const networks = h('textarea', { rows: 3, spellcheck: false });
  networks.value = f.unitNetworks;
  const modes = {
    ballotStatic: checkbox(L(W.static), f.ballotStatic, (x) => {
      f.ballotStatic = x;
    }),
    ballotRotating: checkbox(L(W.rotating), f.ballotRotating, (x) => {
      f.ballotRotating = x;
    }),
    ballotOneTime: checkbox(L(W.oneTime), f.ballotOneTime, (x) => {
      f.ballotOneTime = x;
    }),
  };
  const ballots = errors.group(
    'integrity.ballots',
    h('fieldset', { class: 'modes' }, h('legend', {}, L(W.ballots)), ...Object.values(modes)),
  );
  const submit = h('button', { type: 'submit', class: 'btn primary' }, L(W.save));
  const form = h(
    'form',
    { class: 'panel stack settings-form', novalidate: true },
    h('h2', {}, L(W.edit)),
    h('p', { class: 'muted' }, fill(L(W.basedOn), { v: s.version })),
    errors.group(
      'scoreMapping',
      h(
        'fieldset',
        { class: 'mapping' },
        h('legend', {}, L(W.mapping)),
        ...[4, 3, 2, 1, 0].map((i) =>
          errors.field(`scoreMapping.${i}`, t(SATISFACTION_LABEL_KEYS[i + 1]!), mapping[i]!),
        ),
      ),
    ),
    errors.field('figures.unitCutoffWorkingDays', L(W.cutoff), cutoff, L(W.cutoffHint)),
    h(
      'fieldset',
      {},
      h('legend', {}, L(W.integrity)),
      ballots,
      checkbox(L(W.altcha), f.altcha, (x) => {
        f.altcha = x;
      }),
      errors.field('integrity.rotatingSeconds', L(W.rotatingSeconds), rotatingSeconds),
      errors.field('integrity.rotatingFillMinutes', L(W.rotatingFillMinutes), rotatingFill),
      h(
        'fieldset',
        { class: 'limits' },
        h('legend', {}, L(W.limits)),
        ...limits.map(([k, el]) => errors.field(`integrity.limits.${k}`, L(LIMIT_LABELS[k]), el)),
      ),
      errors.field('integrity.openingHours.open', L(W.open), open),
      errors.field('integrity.openingHours.close', L(W.close), close),
      errors.field('integrity.unitNetworks', L(W.networks), networks),
    ),
    submit,
    status.el,
  );
  on(form, 'submit', (ev) => {
    ev.preventDefault();
    const values: SettingsForm = {
      ...f,
      mapping: mapping.map((m) => m.value),
      cutoff: cutoff.value,
      rotatingSeconds: rotatingSeconds.value,
      rotatingFillMinutes: rotatingFill.value,
      limits: Object.fromEntries(limits.map(([k, el]) => [k, el.value])),
      open: open.value,
      close: close.value,
      unitNetworks: networks.value,
    };
    const body = bodyOf(values, s, s.version);
    const issues = issuesOf(body);
    if (issues.length > 0) {
      const rest = errors.show(issues);
      status.fail(new ApiError(400, { code: 'FORM', message: L(W.fix), messageEn: L(W.fix), details: rest }));
      return;
    }
    errors.show([]);
    submit.disabled = true;
    void ctx.api
      .put<ProvinceSettingsView>(`/provinces/${province}/settings`, body)
      .then((saved) => reload(saved.version))
      .catch((err: unknown) => {
        if (err instanceof ApiError) errors.show(err.details);
        status.fail(err);
        submit.disabled = false;
      });
  });
  return form;
}

/** `#/settings`: the settings of the user's own province. */
export async function provinceSettingsPage(ctx: Ctx, _route: unknown, root: HTMLElement): Promise<void> {
  const province = (ctx.me.scope?.path ?? ctx.me.scopeId).split('/')[0]!;
  const draw = async (savedVersion?: number) => {
    replaceChildren(root, pageTitle(L(W.title)), h('p', { class: 'muted' }, t('loading')));
    try {
      const [s, versions] = await Promise.all([
        ctx.api.get<ProvinceSettingsView>(`/provinces/${province}/settings`),
        ctx.api.get<ProvinceSettingsVersions>(`/provinces/${province}/settings/versions`),
      ]);
      const writer = ctx.can('settings:write') && ctx.me.scopeId === province;
      const status = statusLine();
      replaceChildren(
        root,
        pageTitle(L(W.title)),
        h('p', { class: 'muted' }, L(W.intro)),
        status.el,
        !writer && h('p', { class: 'alert info' }, L(W.readOnly)),
        currentSection(s),
        writer && editForm(ctx, province, s, (v) => void draw(v)),
        historySection(versions.items),
      );
      if (savedVersion !== undefined) status.say(fill(L(W.saved), { v: savedVersion }));
    } catch (err) {
      replaceChildren(root, pageTitle(L(W.title)), errorPanel(err));
    }
  };
  await draw();
}
