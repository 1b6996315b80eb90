import { isPhaseOverdue, opensRollout, phaseGates, phaseOrderProblem, rolloutSchedule, type GateFacts } from './phase-gates';

// The worked example of docs/lifecycle.md ("Rollouts"): Halden's fulfillment moves to a partner, approved 2026-03-02.
const OPENED = new Date('2026-03-02T09:00:00Z');
const facts = (over: Partial<GateFacts> = {}): GateFacts => ({
  now: new Date('2026-03-20T12:00:00Z'),
  rollout: { openedAt: OPENED, toModel: 'PARTNER', capabilityCode: 'FULFILLMENT' },
  decision: { assessmentId: 'a2' },
  latestAssessment: { id: 'a2', assessedAt: new Date('2026-02-20T00:00:00Z') },
  orders: { thisMonth: 12, lastMonth: 40 },
  design: { responsibilities: 3, kpis: 2, escalationSteps: 3 },
  contracts: [{ status: 'ACTIVE', capabilityScope: ['FULFILLMENT'], validFrom: '2026-03-01', validTo: '2028-02-29', slaKpis: ['OTIF', 'FILL_RATE'] }],
  sourcingPolicy: { isDefault: true, updatedAt: null },
  pilots: [{ model: 'PARTNER', status: 'SUCCEEDED', startedAt: new Date('2026-04-01T00:00:00Z') }],
  ...over,
});
const unmet = (phase: Parameters<typeof phaseGates>[0], f: GateFacts) => phaseGates(phase, f).filter((g) => !g.met).map((g) => g.code);

describe('rollouts', () => {
  it('open when a decision changes who runs the capability', () => {
    expect(opensRollout('ORCHESTRATE', 'PARTNER')).toBe(true);
    expect(opensRollout('PARTNER', 'PARTNER')).toBe(false);
    expect(opensRollout(null, 'PARTNER')).toBe(false);
  });

  it('run in 30-60-90: three phases due 30, 60 and 90 days after the approval', () => {
    expect(rolloutSchedule(OPENED).map((p) => [p.phase, p.position, p.dueAt.toISOString().slice(0, 10)])).toEqual([
      ['DIAGNOSE', 1, '2026-04-01'],
      ['DESIGN', 2, '2026-05-01'],
      ['PILOT', 3, '2026-05-31'],
    ]);
    expect(isPhaseOverdue({ dueAt: new Date('2026-04-01T09:00:00Z'), completedAt: null }, new Date('2026-04-02T00:00:00Z'))).toBe(true);
    expect(isPhaseOverdue({ dueAt: new Date('2026-04-01T09:00:00Z'), completedAt: new Date('2026-04-03T00:00:00Z') }, new Date('2026-04-04T00:00:00Z'))).toBe(false);
  });

  it('complete their phases in order, each once', () => {
    const phases = [
      { phase: 'DIAGNOSE' as const, completedAt: new Date() },
      { phase: 'DESIGN' as const, completedAt: null },
      { phase: 'PILOT' as const, completedAt: null },
    ];
    expect(phaseOrderProblem(phases, 'DESIGN')).toBeNull();
    expect(phaseOrderProblem(phases, 'PILOT')).toMatch(/DESIGN comes first/);
    expect(phaseOrderProblem(phases, 'DIAGNOSE')).toMatch(/already complete/);
  });
});

describe('phaseGates', () => {
  it('DIAGNOSE: a recent assessment, the decision judged against it, a cost-to-serve baseline', () => {
    expect(unmet('DIAGNOSE', facts())).toEqual([]);
    expect(unmet('DIAGNOSE', facts({ latestAssessment: { id: 'a3', assessedAt: new Date('2026-03-10T00:00:00Z') } }))).toEqual(['RECOMMENDATION']);
    expect(unmet('DIAGNOSE', facts({ latestAssessment: { id: 'a2', assessedAt: new Date('2025-03-01T00:00:00Z') } }))).toEqual(['ASSESSMENT']);
    expect(unmet('DIAGNOSE', facts({ orders: { thisMonth: 0, lastMonth: 0 } }))).toEqual(['COST_TO_SERVE']);
    expect(phaseGates('DIAGNOSE', facts({ orders: null })).find((g) => g.code === 'COST_TO_SERVE')).toMatchObject({ met: false, description: expect.stringMatching(/could not be read/) });
  });

  it('DESIGN for a partner: the design, and an active contract with SLA targets before the transition', () => {
    expect(phaseGates('DESIGN', facts()).map((g) => g.code)).toEqual(['RESPONSIBILITIES', 'KPIS', 'ESCALATION_PATH', 'PARTNER_CONTRACT']);
    expect(unmet('DESIGN', facts())).toEqual([]);
    expect(unmet('DESIGN', facts({ design: null }))).toEqual(['RESPONSIBILITIES', 'KPIS', 'ESCALATION_PATH']);
    const underNotice = facts({ contracts: [{ ...facts().contracts![0]!, status: 'NOTICE_GIVEN' }] });
    expect(unmet('DESIGN', underNotice)).toEqual(['PARTNER_CONTRACT']);
    expect(unmet('DESIGN', facts({ contracts: [{ ...facts().contracts![0]!, capabilityScope: ['STOREFRONT'] }] }))).toEqual(['PARTNER_CONTRACT']);
    expect(unmet('DESIGN', facts({ contracts: [{ ...facts().contracts![0]!, validFrom: '2026-04-01' }] }))).toEqual(['PARTNER_CONTRACT']);
  });

  it('DESIGN for the platform: the routing and sourcing rules set since the rollout opened', () => {
    const orchestrate = facts({ rollout: { openedAt: OPENED, toModel: 'ORCHESTRATE', capabilityCode: 'FULFILLMENT' } });
    expect(unmet('DESIGN', orchestrate)).toEqual(['ROUTING_RULES']);
    expect(unmet('DESIGN', { ...orchestrate, sourcingPolicy: { isDefault: false, updatedAt: new Date('2026-03-01T00:00:00Z') } })).toEqual(['ROUTING_RULES']);
    expect(unmet('DESIGN', { ...orchestrate, sourcingPolicy: { isDefault: false, updatedAt: new Date('2026-03-05T00:00:00Z') } })).toEqual([]);
    expect(phaseGates('DESIGN', facts({ rollout: { openedAt: OPENED, toModel: 'ORCHESTRATE', capabilityCode: 'PAYMENTS' } })).map((g) => g.code)).toEqual([
      'RESPONSIBILITIES',
      'KPIS',
      'ESCALATION_PATH',
    ]);
  });

  it('PILOT: a pilot of the new model, started since the rollout opened, that succeeded', () => {
    expect(unmet('PILOT', facts())).toEqual([]);
    expect(unmet('PILOT', facts({ pilots: [{ model: 'PARTNER', status: 'SUCCEEDED', startedAt: new Date('2026-02-01T00:00:00Z') }] }))).toEqual(['PILOT_SUCCEEDED']);
    expect(unmet('PILOT', facts({ pilots: [{ model: 'PARTNER', status: 'FAILED', startedAt: new Date('2026-04-01T00:00:00Z') }] }))).toEqual(['PILOT_SUCCEEDED']);
    expect(unmet('PILOT', facts({ pilots: [{ model: 'OPERATE', status: 'SUCCEEDED', startedAt: new Date('2026-04-01T00:00:00Z') }] }))).toEqual(['PILOT_SUCCEEDED']);
  });
});
