import { describe, expect, it } from 'vitest';
import { badReviewReasons } from '../../../functions/domain/cases/bad-review';
import { ancestorOf, escalationStep, isOverdue } from '../../../functions/domain/cases/escalation';
import { maskPhone } from '../../../functions/domain/cases/mask';
import { caseMetrics, closedLoopIndicator } from '../../../functions/domain/cases/metrics';
import type { QuestionnaireContent } from '../../../functions/schemas/questionnaire';
import { aCase } from './case-factory';

describe('escalation step', () => {
  it('marks an unacknowledged case overdue and escalates it to the parent unit', () => {
    const step = escalationStep(aCase(), new Date('2026-11-04T00:00:00Z'))!;
    expect(step.next).toMatchObject({ ackOverdue: true, version: 2 });
    expect(step.next.escalations).toEqual([
      expect.objectContaining({ toId: '130628', reason: 'ack_overdue' }),
    ]);
    expect(step.events.map((e) => e.type)).toEqual(['escalate']);
  });

  it('escalates a second time one level higher when resolution is overdue too', () => {
    const first = escalationStep(aCase(), new Date('2026-11-04T00:00:00Z'))!.next;
    const second = escalationStep(first, new Date('2026-11-12T00:00:00Z'))!.next;
    expect(second.escalations.map((e) => e.toId)).toEqual(['130628', '130600']);
    expect(escalationStep(second, new Date('2026-11-13T00:00:00Z'))).toBeUndefined();
  });

  it('reminds the handler once on the last day before the deadline', () => {
    const c = aCase({
      status: 'in_progress',
      acknowledgedAt: '2026-11-02T03:00:00.000Z',
      handlerUserId: 'u1',
    });
    const step = escalationStep(c, new Date('2026-11-11T02:00:00Z'))!;
    expect(step.notify).toEqual([{ kind: 'reminder', orgId: '130628001' }]);
    expect(escalationStep(step.next, new Date('2026-11-11T03:00:00Z'))).toBeUndefined();
  });

  it('leaves resolved cases and cases whose appeal was upheld alone', () => {
    const late = new Date('2026-12-31T00:00:00Z');
    expect(escalationStep(aCase({ status: 'resolved' }), late)).toBeUndefined();
    const upheld = aCase({ appeal: { status: 'upheld', filedAt: '2026-11-02T04:00:00.000Z' } });
    expect(escalationStep(upheld, late)).toBeUndefined();
    expect(isOverdue(upheld, late)).toBe(false);
  });

  it('stops escalating at the root', () => {
    expect(ancestorOf('130000/130600', 5)).toBe('130000');
  });
});

const content = {
  title: { 'zh-CN': 't', en: 't' },
  scoreMapping: [0, 30, 60, 80, 100],
  questions: [
    { id: 'q1', type: 'satisfaction', text: { 'zh-CN': 'a', en: 'a' }, required: true },
    { id: 'c', type: 'text', text: { 'zh-CN': 'b', en: 'b' }, required: false, maxLength: 500 },
  ],
} as unknown as QuestionnaireContent;

describe('bad reviews, masking, metrics', () => {
  it('finds the bottom two levels and complaint keywords, and nothing else', () => {
    expect(badReviewReasons(content, { q1: 2 })).toEqual(['level:q1:2']);
    expect(badReviewReasons(content, { q1: 3, c: '民警态度差，还推诿' })).toEqual(['keyword:c:态度差']);
    expect(badReviewReasons(content, { q1: 3, c: '很好' })).toEqual([]);
    expect(badReviewReasons(content, { q1: 4, c: '太慢了' }, ['太慢'])).toEqual(['keyword:c:太慢']);
  });

  it('masks a phone as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('computes on-time rates, the median time to resolve and the closed-loop rate', () => {
    const m = caseMetrics([
      aCase({
        status: 'closed',
        acknowledgedAt: '2026-11-02T05:00:00.000Z',
        resolvedAt: '2026-11-02T06:00:00.000Z',
        callback: { rating: 'satisfied', at: 'x' },
      }),
      aCase({
        status: 'resolved',
        acknowledgedAt: '2026-11-05T05:00:00.000Z',
        resolvedAt: '2026-11-12T02:00:00.000Z',
      }),
      aCase({ status: 'new', appeal: { status: 'upheld', filedAt: 'x' } }),
    ]);
    expect(m).toMatchObject({
      opened: 3,
      ackOnTime: 1,
      resolvedOnTime: 1,
      closed: 1,
      appealsFiled: 1,
      appealsUpheld: 1,
    });
    expect(m.medianHoursToResolve).toBe((4 + 240) / 2);
    expect(m.rates.closedLoop).toBe(0.5);
    expect(closedLoopIndicator(m)).toBe(50);
  });
});
