import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../../functions/domain/cases/errors';
import {
  allowedActions,
  applyAction,
  type CaseAction,
  invariantViolations,
} from '../../../functions/domain/cases/state-machine';
import { aCase } from './case-factory';

const actor = { userId: 'u1', name: '刘洋' };
const at = new Date('2026-11-02T03:00:00Z');

const anyAction: fc.Arbitrary<CaseAction> = fc.oneof(
  fc.constantFrom<CaseAction>(
    { type: 'accept' },
    { type: 'start' },
    { type: 'acknowledge_transfer' },
    { type: 'acknowledge_coordination' },
    { type: 'coordination_done' },
    { type: 'close' },
  ),
  fc.constantFrom('130628002', '130628003', '130628001').map<CaseAction>((orgId) => ({
    type: 'transfer',
    orgId,
    orgPath: `130000/130600/130628/${orgId}`,
  })),
  fc.constantFrom('130628002', '130628003').map<CaseAction>((orgId) => ({
    type: 'request_coordination',
    orgId,
    orgPath: `130000/130600/130628/${orgId}`,
  })),
  fc.constantFrom('fixed_now', 'fixed_by_deadline', 'explained' as const).map<CaseAction>((category) => ({
    type: 'resolve',
    category,
  })),
  fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied' as const).map<CaseAction>((rating) => ({
    type: 'callback',
    rating,
  })),
);

describe('case state machine', () => {
  it('never reaches an invalid state, whatever actions are tried in whatever order', () => {
    fc.assert(
      fc.property(fc.array(anyAction, { maxLength: 40 }), (actions) => {
        let c = aCase();
        for (const a of actions) {
          try {
            const { next, event } = applyAction(c, a, actor, at, 'note');
            expect(next.version).toBe(c.version + 1);
            expect(event).toMatchObject({ from: c.status, to: next.status, actor, note: 'note' });
            c = next;
          } catch (err) {
            // A refused action is a 409 and leaves the case as it was.
            expect(err).toBeInstanceOf(InvalidTransitionError);
          }
          expect(invariantViolations(c)).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses exactly the actions the state does not list', () => {
    fc.assert(
      fc.property(fc.array(anyAction, { maxLength: 20 }), anyAction, (prefix, probe) => {
        let c = aCase();
        for (const a of prefix) {
          try {
            c = applyAction(c, a, actor, at).next;
          } catch {}
        }
        const listed = allowedActions(c).includes(probe.type);
        let applied = true;
        try {
          applyAction(c, probe, actor, at);
        } catch {
          applied = false;
        }
        // Handing a case to its own handler is refused even where the state lists the action.
        if (!listed) expect(applied).toBe(false);
      }),
    );
  });

  it('walks the whole loop: accepted, in progress, resolved, called back, closed', () => {
    const steps: CaseAction[] = [
      { type: 'accept' },
      { type: 'start' },
      { type: 'resolve', category: 'fixed_now' },
      { type: 'callback', rating: 'satisfied' },
      { type: 'close' },
    ];
    const c = steps.reduce((acc, a) => applyAction(acc, a, actor, at).next, aCase());
    expect(c).toMatchObject({
      status: 'closed',
      version: 6,
      handlerUserId: 'u1',
      resolution: { category: 'fixed_now' },
    });
  });

  it('reopens a case whose callback was rated 不满意', () => {
    let c = aCase();
    for (const a of [
      { type: 'accept' },
      { type: 'start' },
      { type: 'resolve', category: 'explained' },
    ] as CaseAction[]) {
      c = applyAction(c, a, actor, at).next;
    }
    const reopened = applyAction(c, { type: 'callback', rating: 'dissatisfied' }, actor, at).next;
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1, resolution: undefined });
    expect(() => applyAction(reopened, { type: 'close' }, actor, at)).toThrow(InvalidTransitionError);
  });

  it('hands a transferred case to the receiving organisation once it acknowledges', () => {
    let c = applyAction(aCase(), { type: 'accept' }, actor, at).next;
    c = applyAction(
      c,
      { type: 'transfer', orgId: '130628003', orgPath: '130000/130600/130628/130628003' },
      actor,
      at,
    ).next;
    expect(c.handlerOrgId).toBe('130628001');
    c = applyAction(c, { type: 'acknowledge_transfer' }, { userId: 'u2', name: '交警' }, at).next;
    expect(c).toMatchObject({
      status: 'in_progress',
      handlerOrgId: '130628003',
      handlerUserId: 'u2',
      unitId: '130628001',
    });
  });

  it('ends coordination only after the other organisation acknowledged it', () => {
    let c = aCase();
    for (const a of [{ type: 'accept' }, { type: 'start' }] as CaseAction[])
      c = applyAction(c, a, actor, at).next;
    c = applyAction(
      c,
      { type: 'request_coordination', orgId: '130628002', orgPath: '130000/130600/130628/130628002' },
      actor,
      at,
    ).next;
    expect(() => applyAction(c, { type: 'coordination_done' }, actor, at)).toThrow(InvalidTransitionError);
    c = applyAction(c, { type: 'acknowledge_coordination' }, actor, at).next;
    expect(applyAction(c, { type: 'coordination_done' }, actor, at).next.status).toBe('in_progress');
  });
});
