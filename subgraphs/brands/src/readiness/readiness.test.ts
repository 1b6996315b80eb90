import type { ReadinessInputs } from '../upstream/upstream-facts';
import { orchestrationReadiness, readinessGate } from './readiness';

// The worked example of docs/lifecycle.md ("Orchestration readiness"): Tidepool in the demo, and Halden.
const inputs = (over: Partial<ReadinessInputs> = {}): ReadinessInputs => ({
  positions: 80,
  stalePositions: 0,
  oldestPositionHours: 20,
  onHandUnits: 9000,
  adjustedUnits: 90,
  stockCountAccuracy: 0.99,
  policyConflict: false,
  nodesWithoutCapacity: [],
  partnerInventoryAccuracy: 0.991,
  partnerPeriod: '2026-10',
  ...over,
});

describe('orchestrationReadiness', () => {
  it('is ready when accuracy, freshness and consistency all hold', () => {
    expect(orchestrationReadiness(inputs())).toMatchObject({ ready: true, score: 0.996, inventoryAccuracy: 0.99, freshness: 1, consistency: 1 });
    expect(orchestrationReadiness(inputs()).reasons.every((r) => r.met)).toBe(true);
  });

  it('is not ready when the data is late: Tidepool’s drop-shipper has not confirmed its stock for ten days', () => {
    const tidepool = orchestrationReadiness(inputs({ positions: 87, stalePositions: 50, oldestPositionHours: 240, partnerInventoryAccuracy: null, partnerPeriod: null }));
    expect(tidepool).toMatchObject({ ready: false, inventoryAccuracy: 0.99, freshness: 0.4253, consistency: 1, score: 0.824 });
    expect(tidepool.reasons.filter((r) => !r.met).map((r) => r.code)).toEqual(['DATA_FRESHNESS']);
    expect(tidepool.reasons[1]!.description).toBe('50 of 87 stock positions last confirmed more than a week ago (freshness 0.4253 < 0.9; oldest 240 h)');
  });

  it('takes the worse of stock counts and partner reports as the inventory accuracy', () => {
    expect(orchestrationReadiness(inputs({ partnerInventoryAccuracy: 0.95 }))).toMatchObject({ ready: false, inventoryAccuracy: 0.95 });
    expect(orchestrationReadiness(inputs({ stockCountAccuracy: 0.96 }))).toMatchObject({ ready: false, inventoryAccuracy: 0.96 });
  });

  it('is not ready with inconsistent rules: a policy conflict, or nodes without capacity', () => {
    expect(orchestrationReadiness(inputs({ policyConflict: true }))).toMatchObject({ ready: false, consistency: 0, score: 0.696 });
    expect(orchestrationReadiness(inputs({ nodesWithoutCapacity: ['WH-X'] }))).toMatchObject({ ready: false, consistency: 0.75 });
    expect(orchestrationReadiness(inputs({ positions: 0, stalePositions: 0 })).freshness).toBe(1);
  });
});

describe('readinessGate', () => {
  const notReady = orchestrationReadiness(inputs({ stalePositions: 40 }));
  it('fires for a central model on a brand that is not ready, and only then', () => {
    expect(readinessGate('ORCHESTRATE', notReady)).toMatchObject({ code: 'BASICS_NOT_READY', description: expect.stringMatching(/^Not ready to orchestrate \(readiness 0\.846\): 40 of 80/) });
    expect(readinessGate('FEDERATE', notReady)).not.toBeNull();
    expect(readinessGate('OPERATE', notReady)).toBeNull();
    expect(readinessGate('PARTNER', notReady)).toBeNull();
    expect(readinessGate('ORCHESTRATE', orchestrationReadiness(inputs()))).toBeNull();
    expect(readinessGate('ORCHESTRATE', null)).toBeNull();
  });
});
