/** The date-range form the dashboard, responses, exports and audit pages share. */
import { h } from '../../shared/dom';
import { t } from '../i18n';
import { button, field, input, on, select } from '../ui';

export interface Period {
  from: string;
  to: string;
  granularity?: 'day' | 'week' | 'month';
}

/** Renders from/to (and granularity when given); `onApply` gets the new values. */
export function periodForm(
  value: Period,
  onApply: (p: Period) => void,
  extra: HTMLElement[] = [],
): HTMLFormElement {
  const from = input({ type: 'date', required: true, name: 'from' }, value.from);
  const to = input({ type: 'date', required: true, name: 'to' }, value.to);
  const gran = value.granularity
    ? select(
        [
          ['day', t('day')],
          ['week', t('week')],
          ['month', t('month')],
        ],
        value.granularity,
        undefined,
        { name: 'granularity' },
      )
    : null;
  const form = h(
    'form',
    { class: 'filters' },
    field(t('from'), from),
    field(t('to'), to),
    gran && field(t('granularity'), gran),
    ...extra,
    h('div', { class: 'field end' }, h('button', { type: 'submit', class: 'btn primary' }, t('apply'))),
  );
  on(form, 'submit', (ev) => {
    ev.preventDefault();
    onApply({
      from: from.value,
      to: to.value,
      granularity: gran ? (gran.value as Period['granularity']) : undefined,
    });
  });
  return form;
}

export { button };
