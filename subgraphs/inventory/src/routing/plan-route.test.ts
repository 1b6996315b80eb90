import { planRoute, transitDays } from './plan-route';
import type {
  CandidateEvaluation,
  CandidateNode,
  OrderLine,
  RoutingOutcome,
  RoutingPlan,
  RoutingPolicy,
  RoutingRequest,
} from './routing.model';

// ---------------------------------------------------------------------------------------------
// Fixtures. The worked example in docs/order-routing.md is `worked()` below; if you change a
// number here, change it there too.
// ---------------------------------------------------------------------------------------------

const TEE: OrderLine = { skuId: 'SKU-TEE', quantity: 2, price: 30, unitCost: 12 };
const CAP: OrderLine = { skuId: 'SKU-CAP', quantity: 1, price: 20, unitCost: 8 };

function node(code: string, overrides: Partial<CandidateNode> = {}): CandidateNode {
  return {
    id: `id-${code}`,
    code,
    kind: 'WAREHOUSE',
    operatorType: 'PLATFORM',
    operatorPartnerId: null,
    region: 'EU-WEST',
    costPerUnit: 2,
    handlingDays: 1,
    dailyCapacity: 1000,
    active: true,
    usedToday: 0,
    available: { 'SKU-TEE': 50, 'SKU-CAP': 20 },
    ...overrides,
  };
}

function policy(overrides: Partial<RoutingPolicy> = {}): RoutingPolicy {
  return {
    allowedKinds: ['WAREHOUSE', 'STORE', 'THREE_PL'],
    weights: { cost: 0.4, promiseSlack: 0.3, margin: 0.2, stockDepth: 0.1 },
    maxSplit: 3,
    promiseDays: { STANDARD: 5, EXPRESS: 2 },
    ...overrides,
  };
}

function request(nodes: CandidateNode[], overrides: Partial<RoutingRequest> = {}): RoutingRequest {
  return {
    lines: [TEE, CAP],
    destinationRegion: 'EU-WEST',
    promise: 'STANDARD',
    policy: policy(),
    allowedOperators: null,
    suspendedPartnerIds: new Set<string>(),
    nodes,
    ...overrides,
  };
}

/** A platform warehouse, a brand store, a 3PL — all eligible — and three nodes that are filtered out. */
const WH_PLAT = node('WH-PLAT', { costPerUnit: 2, handlingDays: 1, available: { 'SKU-TEE': 50, 'SKU-CAP': 20 } });
const ST_BRAND = node('ST-BRAND', {
  kind: 'STORE',
  operatorType: 'BRAND',
  costPerUnit: 4,
  handlingDays: 0,
  dailyCapacity: 20,
  available: { 'SKU-TEE': 4, 'SKU-CAP': 2 },
});
const TPL_PART = node('3PL-PART', {
  kind: 'THREE_PL',
  operatorType: 'PARTNER',
  operatorPartnerId: 'partner-logi',
  region: 'EU-CENTRAL',
  costPerUnit: 1,
  handlingDays: 1,
  available: { 'SKU-TEE': 100, 'SKU-CAP': 100 },
});
const WH_OLD = node('WH-OLD', { active: false });
const DS_PART = node('DS-PART', {
  kind: 'DROPSHIP',
  operatorType: 'PARTNER',
  operatorPartnerId: 'partner-drop',
  costPerUnit: 0.5,
});
const TPL_SUSP = node('3PL-SUSP', {
  kind: 'THREE_PL',
  operatorType: 'PARTNER',
  operatorPartnerId: 'partner-bad',
  costPerUnit: 0.5,
});

function worked(overrides: Partial<RoutingRequest> = {}): RoutingRequest {
  return request([WH_PLAT, ST_BRAND, TPL_PART, WH_OLD, DS_PART, TPL_SUSP], {
    suspendedPartnerIds: new Set(['partner-bad']),
    ...overrides,
  });
}

function candidate(outcome: RoutingOutcome, code: string): CandidateEvaluation {
  const found = outcome.candidates.find((c) => c.nodeCode === code);
  if (!found) throw new Error(`no candidate ${code}`);
  return found;
}

function planOf(outcome: RoutingOutcome): RoutingPlan {
  if (!outcome.feasible) throw new Error(`expected a feasible outcome, got ${outcome.reason}`);
  return outcome.plan;
}

function expectScores(c: CandidateEvaluation, expected: { cost: number; promiseSlack: number; margin: number; stockDepth: number; total: number }): void {
  expect(c.scores).not.toBeNull();
  for (const [k, v] of Object.entries(expected)) {
    expect((c.scores as Record<string, number>)[k]).toBeCloseTo(v, 10);
  }
}

// ---------------------------------------------------------------------------------------------

describe('transitDays', () => {
  it('is 1 day within the destination region and 3 days from anywhere else', () => {
    expect(transitDays('EU-WEST', 'EU-WEST')).toBe(1);
    expect(transitDays('EU-CENTRAL', 'EU-WEST')).toBe(3);
    expect(transitDays('eu-west', 'EU-WEST')).toBe(3); // codes are compared exactly
  });
});

describe('planRoute: filters', () => {
  it('records the filter that excludes each node in the worked example', () => {
    const outcome = planRoute(worked());
    const excluded = Object.fromEntries(outcome.candidates.map((c) => [c.nodeCode, c.excludedBy]));
    expect(excluded).toEqual({
      '3PL-PART': null,
      '3PL-SUSP': 'PARTNER_SUSPENDED',
      'DS-PART': 'KIND_NOT_ALLOWED',
      'ST-BRAND': null,
      'WH-OLD': 'INACTIVE',
      'WH-PLAT': null,
    });
    // Excluded before scoring → no scores.
    expect(candidate(outcome, 'WH-OLD').scores).toBeNull();
    expect(candidate(outcome, 'DS-PART').scores).toBeNull();
    expect(candidate(outcome, '3PL-SUSP').scores).toBeNull();
  });

  it('INACTIVE is applied first, before every other filter', () => {
    const bad = node('X', { active: false, kind: 'DROPSHIP', operatorType: 'PARTNER', operatorPartnerId: 'p', region: 'US-EAST', handlingDays: 9, usedToday: 1000, available: {} });
    const outcome = planRoute(request([bad], { allowedOperators: ['BRAND'], suspendedPartnerIds: new Set(['p']) }));
    expect(candidate(outcome, 'X').excludedBy).toBe('INACTIVE');
  });

  it('OPERATOR_NOT_ALLOWED comes before KIND_NOT_ALLOWED', () => {
    const outcome = planRoute(request([node('DS', { kind: 'DROPSHIP', operatorType: 'PARTNER' })], { allowedOperators: ['PLATFORM'] }));
    expect(candidate(outcome, 'DS').excludedBy).toBe('OPERATOR_NOT_ALLOWED');
  });

  it('KIND_NOT_ALLOWED comes before PARTNER_SUSPENDED', () => {
    const ds = node('DS', { kind: 'DROPSHIP', operatorType: 'PARTNER', operatorPartnerId: 'p' });
    const outcome = planRoute(request([ds], { suspendedPartnerIds: new Set(['p']) }));
    expect(candidate(outcome, 'DS').excludedBy).toBe('KIND_NOT_ALLOWED');
  });

  it('PARTNER_SUSPENDED excludes a node run by a suspended partner, and only that partner', () => {
    const a = node('3PL-A', { kind: 'THREE_PL', operatorType: 'PARTNER', operatorPartnerId: 'p-a', costPerUnit: 1 });
    const b = node('3PL-B', { kind: 'THREE_PL', operatorType: 'PARTNER', operatorPartnerId: 'p-b', costPerUnit: 3 });
    const suspended = planRoute(request([a, b], { suspendedPartnerIds: new Set(['p-a']) }));
    expect(candidate(suspended, '3PL-A').excludedBy).toBe('PARTNER_SUSPENDED');
    expect(candidate(suspended, '3PL-B').excludedBy).toBeNull();
    expect(planOf(suspended).nodeIds).toEqual(['id-3PL-B']);

    const notSuspended = planRoute(request([a, b]));
    expect(planOf(notSuspended).nodeIds).toEqual(['id-3PL-A']);
  });

  it('PARTNER_SUSPENDED comes before MISSES_PROMISE', () => {
    const far = node('3PL', { kind: 'THREE_PL', operatorType: 'PARTNER', operatorPartnerId: 'p', region: 'US-EAST', handlingDays: 5 });
    const outcome = planRoute(request([far], { suspendedPartnerIds: new Set(['p']) }));
    expect(candidate(outcome, '3PL').excludedBy).toBe('PARTNER_SUSPENDED');
  });

  it('PARTNER_EXITED excludes the nodes of a partner the brand has left, after PARTNER_SUSPENDED and before MISSES_PROMISE', () => {
    const a = node('3PL-A', { kind: 'THREE_PL', operatorType: 'PARTNER', operatorPartnerId: 'p-a', costPerUnit: 1 });
    const b = node('3PL-B', { kind: 'THREE_PL', operatorType: 'PARTNER', operatorPartnerId: 'p-b', costPerUnit: 3 });
    const far = node('3PL-FAR', { kind: 'THREE_PL', operatorType: 'PARTNER', operatorPartnerId: 'p-a', region: 'US-EAST', handlingDays: 5 });
    const exited = planRoute(request([a, b, far], { exitedPartnerIds: new Set(['p-a']) }));
    expect(candidate(exited, '3PL-A').excludedBy).toBe('PARTNER_EXITED');
    expect(candidate(exited, '3PL-A').scores).toBeNull();
    expect(candidate(exited, '3PL-FAR').excludedBy).toBe('PARTNER_EXITED');
    expect(planOf(exited).nodeIds).toEqual(['id-3PL-B']);
    const both = planRoute(request([a], { exitedPartnerIds: new Set(['p-a']), suspendedPartnerIds: new Set(['p-a']) }));
    expect(candidate(both, '3PL-A').excludedBy).toBe('PARTNER_SUSPENDED');
  });

  it('MISSES_PROMISE when handling + transit exceeds the promise', () => {
    // 3 handling + 3 transit = 6 > 5 (STANDARD); 2 + 3 = 5 is on the promise and passes.
    const late = node('WH-LATE', { region: 'US-EAST', handlingDays: 3 });
    const onTime = node('WH-ONTIME', { region: 'US-EAST', handlingDays: 2 });
    const outcome = planRoute(request([late, onTime]));
    expect(candidate(outcome, 'WH-LATE')).toMatchObject({ excludedBy: 'MISSES_PROMISE', deliveryDays: 6, scores: null });
    expect(candidate(outcome, 'WH-ONTIME')).toMatchObject({ excludedBy: null, deliveryDays: 5 });
    expect(planOf(outcome).nodeIds).toEqual(['id-WH-ONTIME']);
  });

  it('MISSES_PROMISE comes before NO_CAPACITY and INSUFFICIENT_STOCK', () => {
    const bad = node('WH', { region: 'US-EAST', handlingDays: 4, usedToday: 1000, available: {} });
    expect(candidate(planRoute(request([bad])), 'WH').excludedBy).toBe('MISSES_PROMISE');
  });

  it('NO_CAPACITY when usedToday + the whole order exceeds daily capacity; exactly full is fine', () => {
    // The order is 3 units.
    const over = node('WH-OVER', { dailyCapacity: 100, usedToday: 98 });
    const exact = node('WH-EXACT', { dailyCapacity: 100, usedToday: 97, costPerUnit: 3 });
    const outcome = planRoute(request([over, exact]));
    expect(candidate(outcome, 'WH-OVER').excludedBy).toBe('NO_CAPACITY');
    expect(candidate(outcome, 'WH-OVER').scores).not.toBeNull(); // may still join a split
    expect(candidate(outcome, 'WH-EXACT').excludedBy).toBeNull();
    expect(planOf(outcome).nodeIds).toEqual(['id-WH-EXACT']);
  });

  it('NO_CAPACITY comes before INSUFFICIENT_STOCK', () => {
    const bad = node('WH', { usedToday: 1000, available: {} });
    expect(candidate(planRoute(request([bad])), 'WH').excludedBy).toBe('NO_CAPACITY');
  });

  it('INSUFFICIENT_STOCK when the node cannot fill every line alone', () => {
    const short = node('ST', { kind: 'STORE', available: { 'SKU-TEE': 2, 'SKU-CAP': 0 } });
    const full = node('WH', { costPerUnit: 9 });
    const outcome = planRoute(request([short, full]));
    expect(candidate(outcome, 'ST').excludedBy).toBe('INSUFFICIENT_STOCK');
    expect(candidate(outcome, 'ST').scores).not.toBeNull();
    expect(planOf(outcome)).toMatchObject({ nodeIds: ['id-WH'], split: false });
  });
});

describe('planRoute: operating model', () => {
  it("allowedOperators ['PARTNER'] only routes to partner-run nodes", () => {
    const outcome = planRoute(worked({ allowedOperators: ['PARTNER'] }));
    expect(candidate(outcome, 'WH-PLAT').excludedBy).toBe('OPERATOR_NOT_ALLOWED');
    expect(candidate(outcome, 'ST-BRAND').excludedBy).toBe('OPERATOR_NOT_ALLOWED');
    expect(candidate(outcome, '3PL-PART').excludedBy).toBeNull();
    expect(planOf(outcome).nodeIds).toEqual(['id-3PL-PART']);
  });

  it("allowedOperators ['BRAND'] with only partner stock is NO_ELIGIBLE_NODE", () => {
    const outcome = planRoute(request([TPL_PART], { allowedOperators: ['BRAND'] }));
    expect(outcome).toMatchObject({ feasible: false, reason: 'NO_ELIGIBLE_NODE' });
  });

  it('allowedOperators null allows every operator', () => {
    const outcome = planRoute(worked({ allowedOperators: null }));
    expect(outcome.candidates.some((c) => c.excludedBy === 'OPERATOR_NOT_ALLOWED')).toBe(false);
  });
});

describe('planRoute: scoring and the single-node plan', () => {
  it('chooses the best-scoring node, with the exact scores of the worked example', () => {
    const outcome = planRoute(worked());
    // Cheapest eligible costPerUnit is 1 (3PL-PART). Order: 3 units, revenue 80, Σ(price − unitCost)·qty = 48.
    expectScores(candidate(outcome, 'WH-PLAT'), { cost: 0.5, promiseSlack: 0.6, margin: 0.525, stockDepth: 0.95, total: 0.58 });
    expectScores(candidate(outcome, 'ST-BRAND'), { cost: 0.25, promiseSlack: 0.8, margin: 0.45, stockDepth: 0.5, total: 0.48 });
    expectScores(candidate(outcome, '3PL-PART'), { cost: 1, promiseSlack: 0.2, margin: 0.5625, stockDepth: 0.98, total: 0.6705 });
    expect(candidate(outcome, 'WH-PLAT').deliveryDays).toBe(2);
    expect(candidate(outcome, 'ST-BRAND').deliveryDays).toBe(1);
    expect(candidate(outcome, '3PL-PART').deliveryDays).toBe(4);

    const plan = planOf(outcome);
    expect(plan).toMatchObject({ nodeIds: ['id-3PL-PART'], split: false, deliveryDays: 4 });
    expect(plan.score).toBeCloseTo(0.6705, 10);
    expect(plan.allocations).toEqual([
      { nodeId: 'id-3PL-PART', skuId: 'SKU-TEE', quantity: 2 },
      { nodeId: 'id-3PL-PART', skuId: 'SKU-CAP', quantity: 1 },
    ]);
  });

  it('EXPRESS excludes the slow 3PL and the warehouse wins; STANDARD routes to the 3PL', () => {
    const express = planRoute(worked({ promise: 'EXPRESS' }));
    expect(candidate(express, '3PL-PART')).toMatchObject({ excludedBy: 'MISSES_PROMISE', scores: null });
    // Cheapest eligible is now WH-PLAT at 2/unit; promise is 2 days.
    expectScores(candidate(express, 'WH-PLAT'), { cost: 1, promiseSlack: 0, margin: 0.525, stockDepth: 0.95, total: 0.6 });
    expectScores(candidate(express, 'ST-BRAND'), { cost: 0.5, promiseSlack: 0.5, margin: 0.45, stockDepth: 0.5, total: 0.49 });
    expect(planOf(express)).toMatchObject({ nodeIds: ['id-WH-PLAT'], deliveryDays: 2 });

    expect(planOf(planRoute(worked({ promise: 'STANDARD' }))).nodeIds).toEqual(['id-3PL-PART']);
  });

  it('weights change the winner', () => {
    const speed = planRoute(worked({ policy: policy({ weights: { cost: 0, promiseSlack: 1, margin: 0, stockDepth: 0 } }) }));
    expect(planOf(speed).nodeIds).toEqual(['id-ST-BRAND']);
    expect(planOf(speed).score).toBeCloseTo(0.8, 10);

    const depth = planRoute(worked({ policy: policy({ weights: { cost: 0, promiseSlack: 0, margin: 0, stockDepth: 1 } }) }));
    expect(planOf(depth).nodeIds).toEqual(['id-3PL-PART']);

    const weightsOnly = { cost: 0.1, promiseSlack: 0.1, margin: 0.1, stockDepth: 2 };
    expect(planOf(planRoute(worked({ policy: policy({ weights: weightsOnly }) }))).nodeIds).toEqual(['id-3PL-PART']);
    const margin = planRoute(worked({ policy: policy({ weights: { cost: 0, promiseSlack: 1, margin: 1, stockDepth: 1 } }) }));
    // WH: (0.6 + 0.525 + 0.95)/3 = 0.691667; ST: (0.8 + 0.45 + 0.5)/3 = 0.583333; 3PL: (0.2 + 0.5625 + 0.98)/3 = 0.580833.
    expect(planOf(margin).nodeIds).toEqual(['id-WH-PLAT']);
    expect(planOf(margin).score).toBeCloseTo(2.075 / 3, 10);
  });

  it('weights that sum to 0 count equally', () => {
    const outcome = planRoute(worked({ policy: policy({ weights: { cost: 0, promiseSlack: 0, margin: 0, stockDepth: 0 } }) }));
    expect(candidate(outcome, 'WH-PLAT').scores?.total).toBeCloseTo((0.5 + 0.6 + 0.525 + 0.95) / 4, 10);
    expect(candidate(outcome, 'ST-BRAND').scores?.total).toBeCloseTo((0.25 + 0.8 + 0.45 + 0.5) / 4, 10);
    expect(planOf(outcome).score).toBeCloseTo((1 + 0.2 + 0.5625 + 0.98) / 4, 10);
    expect(planOf(outcome).nodeIds).toEqual(['id-3PL-PART']);
  });

  it('weights are normalised: scaling them does not change anything', () => {
    const a = planRoute(worked());
    const b = planRoute(worked({ policy: policy({ weights: { cost: 4, promiseSlack: 3, margin: 2, stockDepth: 1 } }) }));
    expect(planOf(b).score).toBeCloseTo(planOf(a).score, 10);
  });

  it('a zero cost per unit scores cost 1, and makes every paid node score 0 on cost', () => {
    const free = node('WH-FREE', { costPerUnit: 0 });
    const paid = node('WH-PAID', { costPerUnit: 2 });
    const outcome = planRoute(request([free, paid]));
    expect(candidate(outcome, 'WH-FREE').scores?.cost).toBe(1);
    expect(candidate(outcome, 'WH-PAID').scores?.cost).toBe(0);
  });

  it('clamps margin at 0 when shipping costs more than the margin', () => {
    const dear = node('WH', { costPerUnit: 25 });
    expect(candidate(planRoute(request([dear])), 'WH').scores?.margin).toBe(0);
  });

  it('breaks ties on total by lower cost, then by node code', () => {
    const speedOnly = policy({ weights: { cost: 0, promiseSlack: 1, margin: 0, stockDepth: 0 } });
    const cheap = node('WH-Z', { costPerUnit: 1 });
    const dear = node('WH-A', { costPerUnit: 2 });
    expect(planOf(planRoute(request([dear, cheap], { policy: speedOnly }))).nodeIds).toEqual(['id-WH-Z']);

    const twinB = node('WH-B');
    const twinA = node('WH-A');
    expect(planOf(planRoute(request([twinB, twinA]))).nodeIds).toEqual(['id-WH-A']);
  });
});

describe('planRoute: split plans', () => {
  // Order: 6 tees, 2 caps (8 units, revenue 220). No node has 6 tees.
  const lines: OrderLine[] = [
    { ...TEE, quantity: 6 },
    { ...CAP, quantity: 2 },
  ];
  const STA = node('ST-A', { kind: 'STORE', operatorType: 'BRAND', costPerUnit: 2, handlingDays: 0, available: { 'SKU-TEE': 4, 'SKU-CAP': 2 } });
  const STB = node('ST-B', { kind: 'STORE', operatorType: 'BRAND', costPerUnit: 2, handlingDays: 0, available: { 'SKU-TEE': 3 } });
  const WHC = node('WH-C', { costPerUnit: 1, handlingDays: 1, available: { 'SKU-TEE': 2, 'SKU-CAP': 10 } });
  const splitRequest = (overrides: Partial<RoutingRequest> = {}): RoutingRequest => request([STA, STB, WHC], { lines, ...overrides });

  it('splits when no single node has the stock, choosing the best-scoring pair', () => {
    const outcome = planRoute(splitRequest());
    for (const c of outcome.candidates) expect(c.excludedBy).toBe('INSUFFICIENT_STOCK');
    // Scored on what each could ship; cheapest split-eligible costPerUnit is 1 (WH-C).
    expectScores(candidate(outcome, 'ST-A'), { cost: 0.5, promiseSlack: 0.8, margin: 84 / 160, stockDepth: 0, total: 0.545 });
    expectScores(candidate(outcome, 'ST-B'), { cost: 0.5, promiseSlack: 0.8, margin: 48 / 90, stockDepth: 0, total: 0.44 + 0.2 * (48 / 90) });
    expectScores(candidate(outcome, 'WH-C'), { cost: 1, promiseSlack: 0.6, margin: 0.56, stockDepth: 0, total: 0.692 });

    // {ST-A, ST-B} scores (3·0.546667 + 5·0.545)/8 = 0.545625; {ST-B, WH-C} lacks a tee;
    // {ST-A, WH-C}: WH-C first (2 tees, 2 caps), then ST-A (4 tees): (4·0.692 + 4·0.545)/8 = 0.6185.
    const plan = planOf(outcome);
    expect(plan).toMatchObject({ nodeIds: ['id-ST-A', 'id-WH-C'], split: true, deliveryDays: 2 });
    expect(plan.score).toBeCloseTo(0.6185, 10);
    expect(plan.allocations).toEqual([
      { nodeId: 'id-ST-A', skuId: 'SKU-TEE', quantity: 4 },
      { nodeId: 'id-WH-C', skuId: 'SKU-TEE', quantity: 2 },
      { nodeId: 'id-WH-C', skuId: 'SKU-CAP', quantity: 2 },
    ]);
  });

  it('maxSplit 1 never splits: INSUFFICIENT_STOCK', () => {
    const outcome = planRoute(splitRequest({ policy: policy({ maxSplit: 1 }) }));
    expect(outcome).toMatchObject({ feasible: false, reason: 'INSUFFICIENT_STOCK' });
    expect(outcome.candidates).toHaveLength(3);
  });

  it('prefers a single node over a cheaper split', () => {
    const dear = node('WH-DEAR', { costPerUnit: 5, available: { 'SKU-TEE': 10, 'SKU-CAP': 10 } });
    const outcome = planRoute(request([STA, STB, WHC, dear], { lines }));
    const plan = planOf(outcome);
    // 5/unit against 1–2/unit for the split's nodes: the split is never even searched.
    expect(plan).toMatchObject({ nodeIds: ['id-WH-DEAR'], split: false, deliveryDays: 2 });
    expect(plan.allocations).toEqual([
      { nodeId: 'id-WH-DEAR', skuId: 'SKU-TEE', quantity: 6 },
      { nodeId: 'id-WH-DEAR', skuId: 'SKU-CAP', quantity: 2 },
    ]);
  });

  it('respects maxSplit and uses the fewest nodes that work', () => {
    const three = (code: string, cpu: number): CandidateNode => node(code, { costPerUnit: cpu, available: { 'SKU-TEE': 3 } });
    const nineTees: OrderLine[] = [{ ...TEE, quantity: 9 }];
    const nodes = [three('N1', 1), three('N2', 1), three('N3', 1)];
    expect(planRoute(request(nodes, { lines: nineTees, policy: policy({ maxSplit: 2 }) }))).toMatchObject({
      feasible: false,
      reason: 'INSUFFICIENT_STOCK',
    });
    const plan = planOf(planRoute(request(nodes, { lines: nineTees, policy: policy({ maxSplit: 3 }) })));
    expect(plan.nodeIds).toEqual(['id-N1', 'id-N2', 'id-N3']);
    expect(plan.allocations.map((a) => a.quantity)).toEqual([3, 3, 3]);

    // Six tees: two dear nodes can do it; a three-node plan with cheap nodes would score higher but is not tried.
    const sixTees: OrderLine[] = [{ ...TEE, quantity: 6 }];
    const cheap = (code: string): CandidateNode => node(code, { costPerUnit: 0.5, available: { 'SKU-TEE': 2 } });
    const fewest = planOf(planRoute(request([three('DEAR-1', 5), three('DEAR-2', 5), cheap('CHEAP-1'), cheap('CHEAP-2')], { lines: sixTees, policy: policy({ maxSplit: 4 }) })));
    expect(fewest.nodeIds).toEqual(['id-DEAR-1', 'id-DEAR-2']);
  });

  it('checks capacity against the units actually allocated', () => {
    // WH-FULL has everything but room for only 2 more units today; ST-TEE has tees only.
    // Greedy would spend WH-FULL's 2 units on tees and leave the cap unfilled; the planner must not.
    const full = node('WH-FULL', { costPerUnit: 1, dailyCapacity: 100, usedToday: 98 });
    const tees = node('ST-TEE', { kind: 'STORE', costPerUnit: 3, available: { 'SKU-TEE': 5 } });
    const outcome = planRoute(request([full, tees]));
    expect(candidate(outcome, 'WH-FULL').excludedBy).toBe('NO_CAPACITY');
    expect(candidate(outcome, 'ST-TEE').excludedBy).toBe('INSUFFICIENT_STOCK');
    expect(candidate(outcome, 'WH-FULL').scores!.total).toBeGreaterThan(candidate(outcome, 'ST-TEE').scores!.total);
    const plan = planOf(outcome);
    expect(plan.split).toBe(true);
    expect(plan.allocations).toEqual([
      { nodeId: 'id-ST-TEE', skuId: 'SKU-TEE', quantity: 1 },
      { nodeId: 'id-WH-FULL', skuId: 'SKU-TEE', quantity: 1 },
      { nodeId: 'id-WH-FULL', skuId: 'SKU-CAP', quantity: 1 },
    ]);

    // With no spare capacity at all, WH-FULL cannot help and there is no cap anywhere else.
    const none = planRoute(request([{ ...full, usedToday: 100 }, tees]));
    expect(none).toMatchObject({ feasible: false, reason: 'INSUFFICIENT_STOCK' });
  });

  it('a node that is over capacity for the whole order still ships what fits in a split', () => {
    const busy = node('WH-BUSY', { costPerUnit: 1, dailyCapacity: 10, usedToday: 8, available: { 'SKU-TEE': 50, 'SKU-CAP': 50 } });
    const other = node('WH-OTHER', { costPerUnit: 2, available: { 'SKU-TEE': 1 } });
    const plan = planOf(planRoute(request([busy, other])));
    const shippedBy = (id: string): number => plan.allocations.filter((a) => a.nodeId === id).reduce((s, a) => s + a.quantity, 0);
    expect(shippedBy('id-WH-BUSY')).toBe(2);
    expect(shippedBy('id-WH-OTHER')).toBe(1);
  });

  it('a split never uses a node excluded before scoring', () => {
    const suspended = node('3PL-S', { kind: 'THREE_PL', operatorType: 'PARTNER', operatorPartnerId: 'p', costPerUnit: 0.1, available: { 'SKU-TEE': 5, 'SKU-CAP': 5 } });
    const outcome = planRoute(request([STA, STB, WHC, suspended], { lines, suspendedPartnerIds: new Set(['p']) }));
    expect(planOf(outcome).nodeIds).toEqual(['id-ST-A', 'id-WH-C']);
  });
});

describe('planRoute: infeasible outcomes', () => {
  it('NO_ELIGIBLE_NODE when nothing survives the non-stock filters', () => {
    const outcome = planRoute(request([WH_OLD, DS_PART]));
    expect(outcome).toMatchObject({ feasible: false, reason: 'NO_ELIGIBLE_NODE' });
    expect(outcome.candidates.map((c) => c.excludedBy)).toEqual(['KIND_NOT_ALLOWED', 'INACTIVE']);
  });

  it('NO_ELIGIBLE_NODE when every node that passes has no capacity left today', () => {
    const outcome = planRoute(request([node('WH', { dailyCapacity: 50, usedToday: 50 })]));
    expect(outcome).toMatchObject({ feasible: false, reason: 'NO_ELIGIBLE_NODE' });
  });

  it('INSUFFICIENT_STOCK when the eligible nodes together lack the stock', () => {
    const a = node('A', { available: { 'SKU-TEE': 1, 'SKU-CAP': 1 } });
    const b = node('B', { available: { 'SKU-CAP': 5 } });
    expect(planRoute(request([a, b]))).toMatchObject({ feasible: false, reason: 'INSUFFICIENT_STOCK' });
  });

  it('no nodes at all is NO_ELIGIBLE_NODE', () => {
    expect(planRoute(request([]))).toEqual({ feasible: false, reason: 'NO_ELIGIBLE_NODE', candidates: [] });
  });
});

describe('planRoute: determinism and input checks', () => {
  it('gives the same outcome whatever the order of the nodes, with candidates in code order', () => {
    const nodes = [WH_PLAT, ST_BRAND, TPL_PART, WH_OLD, DS_PART, TPL_SUSP];
    const base = planRoute(worked());
    expect(base.candidates.map((c) => c.nodeCode)).toEqual(['3PL-PART', '3PL-SUSP', 'DS-PART', 'ST-BRAND', 'WH-OLD', 'WH-PLAT']);
    for (const order of [[...nodes].reverse(), [nodes[3], nodes[0], nodes[5], nodes[2], nodes[4], nodes[1]]]) {
      expect(planRoute(worked({ nodes: order }))).toEqual(base);
    }
    const lines: OrderLine[] = [{ ...TEE, quantity: 6 }, { ...CAP, quantity: 2 }];
    const splitNodes = [node('S1', { available: { 'SKU-TEE': 3 } }), node('S2', { available: { 'SKU-TEE': 3, 'SKU-CAP': 1 } }), node('S3', { available: { 'SKU-CAP': 2, 'SKU-TEE': 3 } })];
    const splitBase = planRoute(request(splitNodes, { lines }));
    expect(planRoute(request([...splitNodes].reverse(), { lines }))).toEqual(splitBase);
    expect(planRoute(request(splitNodes, { lines }))).toEqual(splitBase);
  });

  it('does not mutate its input', () => {
    const req = worked();
    const snapshot = JSON.stringify({ ...req, suspendedPartnerIds: [...req.suspendedPartnerIds] });
    planRoute(req);
    expect(JSON.stringify({ ...req, suspendedPartnerIds: [...req.suspendedPartnerIds] })).toBe(snapshot);
  });

  it('rejects malformed requests', () => {
    expect(() => planRoute(request([WH_PLAT], { lines: [] }))).toThrow(RangeError);
    expect(() => planRoute(request([WH_PLAT], { lines: [{ ...TEE, quantity: 0 }] }))).toThrow(RangeError);
    expect(() => planRoute(request([WH_PLAT], { lines: [TEE, TEE] }))).toThrow(RangeError);
    expect(() => planRoute(request([WH_PLAT], { policy: policy({ maxSplit: 0 }) }))).toThrow(RangeError);
    expect(() => planRoute(request([WH_PLAT], { policy: policy({ weights: { cost: -1, promiseSlack: 1, margin: 1, stockDepth: 1 } }) }))).toThrow(RangeError);
  });

  it('handles 20 nodes with maxSplit 4 quickly', () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      node(`N${String(i).padStart(2, '0')}`, { costPerUnit: 1 + (i % 5), handlingDays: i % 3, dailyCapacity: 3 + (i % 4), available: { 'SKU-TEE': 1 + (i % 3), 'SKU-CAP': i % 2 } }),
    );
    const big: OrderLine[] = [{ ...TEE, quantity: 9 }, { ...CAP, quantity: 3 }];
    const started = Date.now();
    const outcome = planRoute(request(many, { lines: big, policy: policy({ maxSplit: 4 }) }));
    expect(Date.now() - started).toBeLessThan(2000);
    const plan = planOf(outcome);
    expect(plan.nodeIds.length).toBeLessThanOrEqual(4);
    const filled = (sku: string): number => plan.allocations.filter((a) => a.skuId === sku).reduce((s, a) => s + a.quantity, 0);
    expect(filled('SKU-TEE')).toBe(9);
    expect(filled('SKU-CAP')).toBe(3);

    // Worst case: every combination up to 4 nodes is tried and fails (each node has 1 tee, 12 are needed).
    const thin = Array.from({ length: 20 }, (_, i) => node(`T${String(i).padStart(2, '0')}`, { dailyCapacity: 1, available: { 'SKU-TEE': 1 } }));
    const startedWorst = Date.now();
    const worst = planRoute(request(thin, { lines: [{ ...TEE, quantity: 12 }], policy: policy({ maxSplit: 4 }) }));
    expect(Date.now() - startedWorst).toBeLessThan(2000);
    expect(worst).toMatchObject({ feasible: false, reason: 'INSUFFICIENT_STOCK' });
  });
});
