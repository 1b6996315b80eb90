import { transitionPlan } from './transition-plan';

describe('transitionPlan', () => {
  // The worked example of docs/lifecycle.md: Swiftlane × Halden, notice on 2026-03-02, 90 days' notice, 60 days' transition.
  const swiftlane = {
    noticeGivenAt: new Date('2026-03-02T10:15:00Z'),
    exitDate: '2026-05-31',
    transitionDays: 60,
    capabilityScope: ['FULFILLMENT'],
    auditNoticeDays: 30,
  };

  it('plans every task of a fulfillment exit between the notice and the exit date', () => {
    expect(transitionPlan(swiftlane)).toEqual({
      noticeGivenOn: '2026-03-02',
      exitDate: '2026-05-31',
      transitionStartsOn: '2026-04-01',
      routingStopsOn: '2026-05-31',
      tasks: [
        expect.objectContaining({ code: 'NOTIFY', dueOn: '2026-03-04' }),
        expect.objectContaining({ code: 'CHOOSE_SUCCESSOR', dueOn: '2026-04-01' }),
        expect.objectContaining({ code: 'FINAL_AUDIT', dueOn: '2026-05-01' }),
        expect.objectContaining({ code: 'MOVE_STOCK', dueOn: '2026-05-30' }),
        expect.objectContaining({ code: 'STOP_ROUTING', dueOn: '2026-05-31' }),
        expect.objectContaining({ code: 'DATA_HANDOVER', dueOn: '2026-05-31' }),
        expect.objectContaining({ code: 'CLOSE', dueOn: '2026-05-31' }),
      ],
    });
  });

  it('has no routing tasks for a scope nothing is routed for, and no audit without audit rights', () => {
    const plan = transitionPlan({ ...swiftlane, capabilityScope: ['PRODUCT_CONTENT'], auditNoticeDays: null });
    expect(plan.routingStopsOn).toBeNull();
    expect(plan.tasks.map((t) => t.code)).toEqual(['NOTIFY', 'CHOOSE_SUCCESSOR', 'DATA_HANDOVER', 'CLOSE']);
  });

  it('squeezes every task into a short notice: nothing is due before the notice or after the exit', () => {
    const plan = transitionPlan({ ...swiftlane, exitDate: '2026-03-02', transitionDays: 60 });
    expect(plan.transitionStartsOn).toBe('2026-03-02');
    expect(plan.tasks.every((t) => t.dueOn === '2026-03-02')).toBe(true);
    expect(plan.routingStopsOn).toBe('2026-03-02');
  });

  it('starts the transition at the notice when the transition is longer than the notice', () => {
    const plan = transitionPlan({ ...swiftlane, exitDate: '2026-03-31', transitionDays: 90 });
    expect(plan.transitionStartsOn).toBe('2026-03-02');
    expect(plan.tasks.find((t) => t.code === 'CHOOSE_SUCCESSOR')!.dueOn).toBe('2026-03-09');
  });
});
