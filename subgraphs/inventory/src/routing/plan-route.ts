/**
 * Order routing: which fulfillment node(s) ship an order. Pure and deterministic — no I/O, no clock,
 * no randomness; the same request always gives the same outcome, whatever the order of `nodes`.
 *
 * Documented in docs/order-routing.md; every number there is checked by plan-route.test.ts.
 *
 * 1. Filters, applied in the order of EXCLUSION_FILTERS. `excludedBy` is the FIRST filter that fails.
 *      INACTIVE              node.active is false
 *      OPERATOR_NOT_ALLOWED  allowedOperators is not null and does not contain node.operatorType
 *      KIND_NOT_ALLOWED      policy.allowedKinds does not contain node.kind
 *      PARTNER_SUSPENDED     node.operatorPartnerId is in suspendedPartnerIds
 *      PARTNER_EXITED        node.operatorPartnerId is in exitedPartnerIds (the brand left that partner)
 *      MISSES_PROMISE        deliveryDays > policy.promiseDays[promise],
 *                            deliveryDays = handlingDays + transitDays(region, destinationRegion)
 *      NO_CAPACITY           usedToday + (units of the whole order) > dailyCapacity
 *      INSUFFICIENT_STOCK    available[sku] < quantity for some line
 *
 * 2. Scores. A node failing none of the first six filters is "scored" (NO_CAPACITY and
 *    INSUFFICIENT_STOCK only rule it out of a single-node plan; it may still take part in a split).
 *    Scores are computed on the quantity the node could ship from its own stock,
 *    q_l = min(quantity_l, available_l) — the whole order for a node that has the stock. Capacity
 *    does not enter the scores; it is enforced when units are allocated. Each criterion is in 0–1,
 *    1 = best:
 *      cost         = minCpu / costPerUnit, clamped to 0–1; 1 when costPerUnit ≤ 0.
 *                     minCpu is the lowest costPerUnit in the pool the plan is chosen from: the
 *                     nodes that pass every filter if there are any, otherwise the split-eligible
 *                     nodes (otherwise all scored nodes). For nodes shipping the same units this is
 *                     exactly cheapestCost / thisCost with cost = costPerUnit × units; comparing per
 *                     unit keeps a node that can ship only part of the order from looking cheap.
 *      promiseSlack = (promiseDays − deliveryDays) / promiseDays, clamped to 0–1 (0 if promiseDays ≤ 0)
 *      margin       = Σ_l (price − unitCost − costPerUnit)·q_l / Σ_l price·q_l, clamped to 0–1
 *                     (0 when the denominator is 0)
 *      stockDepth   = min over lines with q_l > 0 of (available_l − q_l) / available_l
 *                     (0 when the node can ship nothing)
 *      total        = Σ w_c·criterion_c / Σ w_c   (equal weights when Σ w_c = 0)
 *    Nodes excluded by one of the first six filters have `scores: null`.
 *
 * 3. Single node first. If any node passes every filter, the plan is the one with the highest
 *    total; ties (within 1e-9) go to the lower costPerUnit, then the lower node code.
 *
 * 4. Split search, only when no single node qualifies and policy.maxSplit ≥ 2. Split-eligible
 *    nodes are the scored nodes with spare capacity (dailyCapacity − usedToday > 0) and stock of at
 *    least one ordered SKU. Node sets are tried by size, 2 then 3 … up to maxSplit, stopping at the
 *    first size that has a valid plan. Within a set, nodes take units greedily in descending total
 *    (ties: lower costPerUnit, then code), line by line, each taking as much as its stock and its
 *    spare capacity allow — but never so much that the rest of the set could no longer fill the
 *    order (checked with a small max-flow; see allocate()). A plan is valid when every line is
 *    filled, every node in the set ships something and no node exceeds its capacity.
 *    Plan score = Σ units_n·total_n / Σ units_n. Best score wins; ties go to the lower shipping cost
 *    Σ costPerUnit_n·units_n, then to the set whose codes come first.
 *
 * 5. Infeasible: NO_ELIGIBLE_NODE when no node is scored and has spare capacity; otherwise
 *    INSUFFICIENT_STOCK (the nodes that could ship lack the stock or capacity between them, or the
 *    split limit prevents filling the order).
 */
import {
  CRITERIA,
  EXCLUSION_FILTERS,
  type Allocation,
  type CandidateEvaluation,
  type CandidateNode,
  type Criterion,
  type ExclusionFilter,
  type OrderLine,
  type RoutingOutcome,
  type RoutingPlan,
  type RoutingRequest,
  type Weights,
} from './routing.model';

/** Days in transit when the node is in the destination region. */
export const SAME_REGION_TRANSIT_DAYS = 1;
/** Days in transit from any other region. */
export const CROSS_REGION_TRANSIT_DAYS = 3;

/**
 * Days in transit from a node's region to the destination region: 1 within the same region,
 * 3 otherwise. Regions are compared as exact codes (case-sensitive). A deliberately coarse model;
 * replace it with a lane table when carriers give us one.
 */
export function transitDays(nodeRegion: string, destinationRegion: string): number {
  return nodeRegion === destinationRegion ? SAME_REGION_TRANSIT_DAYS : CROSS_REGION_TRANSIT_DAYS;
}

/** Filters that only rule a node out of a single-node plan; such a node is still scored. */
const SPLIT_TOLERATED: ReadonlySet<ExclusionFilter> = new Set<ExclusionFilter>(['NO_CAPACITY', 'INSUFFICIENT_STOCK']);

const EPSILON = 1e-9;

type Scores = Record<Criterion, number> & { total: number };

interface Evaluated {
  node: CandidateNode;
  excludedBy: ExclusionFilter | null;
  /** Every filter that fails, not only the first. */
  failing: ExclusionFilter[];
  deliveryDays: number;
  spareCapacity: number;
  /** Units per line the node could ship from its own stock: min(quantity, available). */
  shippable: number[];
  scored: boolean;
  scores: Scores | null;
}

function availableOf(node: CandidateNode, skuId: string): number {
  const value = node.available[skuId];
  return typeof value === 'number' && value > 0 ? value : 0;
}

function clamp01(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return Math.min(1, Math.max(0, x));
}

function byCode(a: CandidateNode, b: CandidateNode): number {
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** Higher total first, then lower costPerUnit, then node code. */
function byPreference(a: Evaluated, b: Evaluated): number {
  const ta = a.scores?.total ?? 0;
  const tb = b.scores?.total ?? 0;
  if (Math.abs(ta - tb) > EPSILON) return tb - ta;
  if (a.node.costPerUnit !== b.node.costPerUnit) return a.node.costPerUnit - b.node.costPerUnit;
  return byCode(a.node, b.node);
}

function validate(request: RoutingRequest): void {
  const { lines, policy } = request;
  if (lines.length === 0) throw new RangeError('planRoute: the order has no lines');
  const seen = new Set<string>();
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw new RangeError(`planRoute: line ${line.skuId} has quantity ${line.quantity}; expected a positive integer`);
    }
    if (seen.has(line.skuId)) throw new RangeError(`planRoute: SKU ${line.skuId} appears on more than one line`);
    seen.add(line.skuId);
  }
  if (!Number.isInteger(policy.maxSplit) || policy.maxSplit < 1) {
    throw new RangeError(`planRoute: maxSplit ${policy.maxSplit} must be an integer ≥ 1`);
  }
  for (const c of CRITERIA) {
    const w = policy.weights[c];
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`planRoute: weight ${c} = ${w} must be a non-negative number`);
  }
}

function normalisedWeights(weights: Weights): Weights {
  const sum = CRITERIA.reduce((s, c) => s + weights[c], 0);
  const out = {} as Weights;
  for (const c of CRITERIA) out[c] = sum > 0 ? weights[c] / sum : 1 / CRITERIA.length;
  return out;
}

function evaluate(node: CandidateNode, request: RoutingRequest, totalUnits: number): Evaluated {
  const { lines, policy } = request;
  const deliveryDays = node.handlingDays + transitDays(node.region, request.destinationRegion);
  const spareCapacity = Math.max(0, node.dailyCapacity - node.usedToday);
  const shippable = lines.map((l) => Math.min(l.quantity, availableOf(node, l.skuId)));

  const fails: Record<ExclusionFilter, boolean> = {
    INACTIVE: !node.active,
    OPERATOR_NOT_ALLOWED: request.allowedOperators !== null && !request.allowedOperators.includes(node.operatorType),
    KIND_NOT_ALLOWED: !policy.allowedKinds.includes(node.kind),
    PARTNER_SUSPENDED: node.operatorPartnerId !== null && request.suspendedPartnerIds.has(node.operatorPartnerId),
    PARTNER_EXITED: node.operatorPartnerId !== null && (request.exitedPartnerIds?.has(node.operatorPartnerId) ?? false),
    MISSES_PROMISE: deliveryDays > policy.promiseDays[request.promise],
    NO_CAPACITY: node.usedToday + totalUnits > node.dailyCapacity,
    INSUFFICIENT_STOCK: lines.some((l, i) => shippable[i] < l.quantity),
  };
  const failing = EXCLUSION_FILTERS.filter((f) => fails[f]);
  return {
    node,
    excludedBy: failing[0] ?? null,
    failing,
    deliveryDays,
    spareCapacity,
    shippable,
    scored: failing.every((f) => SPLIT_TOLERATED.has(f)),
    scores: null,
  };
}

function score(e: Evaluated, request: RoutingRequest, minCpu: number, weights: Weights): Scores {
  const { lines } = request;
  const cpu = e.node.costPerUnit;
  const promiseDays = request.policy.promiseDays[request.promise];

  const cost = cpu <= 0 ? 1 : clamp01(minCpu / cpu);
  const promiseSlack = promiseDays > 0 ? clamp01((promiseDays - e.deliveryDays) / promiseDays) : 0;

  let marginNum = 0;
  let revenue = 0;
  let depth = Infinity;
  lines.forEach((l: OrderLine, i) => {
    const q = e.shippable[i];
    if (q <= 0) return;
    marginNum += (l.price - l.unitCost - cpu) * q;
    revenue += l.price * q;
    const available = availableOf(e.node, l.skuId);
    depth = Math.min(depth, (available - q) / available);
  });
  const margin = revenue > 0 ? clamp01(marginNum / revenue) : 0;
  const stockDepth = depth === Infinity ? 0 : clamp01(depth);

  const criteria: Record<Criterion, number> = { cost, promiseSlack, margin, stockDepth };
  const total = CRITERIA.reduce((s, c) => s + weights[c] * criteria[c], 0);
  return { ...criteria, total };
}

// ---------------------------------------------------------------------------------------------
// Allocation within a node set
// ---------------------------------------------------------------------------------------------

/**
 * Max-flow for the transportation problem: source → node (spare capacity) → SKU line (node's stock
 * of it) → sink (line demand). Returns the total flow and the flow on each node→line edge.
 * Edmonds–Karp; the graph has at most maxSplit + lines + 2 vertices.
 */
function maxTransport(capacity: number[], stock: number[][], demand: number[]): { flow: number; edge: number[][] } {
  const k = capacity.length;
  const n = demand.length;
  const size = k + n + 2;
  const S = 0;
  const T = size - 1;
  const cap: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < k; i++) {
    cap[S][1 + i] = capacity[i];
    for (let l = 0; l < n; l++) cap[1 + i][1 + k + l] = stock[i][l];
  }
  for (let l = 0; l < n; l++) cap[1 + k + l][T] = demand[l];
  const original = cap.map((row) => row.slice());

  let flow = 0;
  for (;;) {
    const parent = new Array<number>(size).fill(-1);
    parent[S] = S;
    const queue = [S];
    while (queue.length > 0 && parent[T] === -1) {
      const u = queue.shift() as number;
      for (let v = 0; v < size; v++) {
        if (parent[v] === -1 && cap[u][v] > EPSILON) {
          parent[v] = u;
          queue.push(v);
        }
      }
    }
    if (parent[T] === -1) break;
    let push = Infinity;
    for (let v = T; v !== S; v = parent[v]) push = Math.min(push, cap[parent[v]][v]);
    for (let v = T; v !== S; v = parent[v]) {
      cap[parent[v]][v] -= push;
      cap[v][parent[v]] += push;
    }
    flow += push;
  }
  const edge = Array.from({ length: k }, (_, i) =>
    Array.from({ length: n }, (_, l) => Math.max(0, original[1 + i][1 + k + l] - cap[1 + i][1 + k + l])),
  );
  return { flow, edge };
}

function sum(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

/**
 * Allocate the order across `set` (already in greedy order). Returns units per [node][line], or
 * null when the set cannot fill the order within stock and spare capacity.
 *
 * Plain greedy first: each node in turn takes, line by line, min(remaining, stock, spare capacity).
 * That can fail although the set could fill the order — e.g. a node spends its last capacity on a
 * SKU another node also stocks. Then, if a max-flow shows the set can fill it, the greedy is re-run
 * with a look-ahead: each node/line takes the largest amount that still leaves the order fillable
 * by what remains. When the plain greedy succeeds, the look-ahead would take exactly the same
 * amounts, so this is the same rule made complete, not a different one.
 */
function allocate(set: Evaluated[], lines: OrderLine[]): number[][] | null {
  const demand = lines.map((l) => l.quantity);
  const stock = set.map((e) => lines.map((l) => availableOf(e.node, l.skuId)));
  const capacity = set.map((e) => e.spareCapacity);

  // Plain greedy.
  {
    const left = demand.slice();
    const amounts = set.map((_, i) => {
      let spare = capacity[i];
      return lines.map((_, l) => {
        const t = Math.min(left[l], stock[i][l], spare);
        left[l] -= t;
        spare -= t;
        return t;
      });
    });
    if (left.every((x) => x <= 0)) return amounts;
  }

  if (maxTransport(capacity, stock, demand).flow < sum(demand) - EPSILON) return null;

  // Greedy with look-ahead. Invariant: what is left is fillable by the edges not yet fixed.
  const left = demand.slice();
  const spare = capacity.slice();
  const open = stock.map((row) => row.slice());
  const amounts = set.map(() => lines.map(() => 0));
  const fillableAfter = (i: number, l: number, t: number): boolean => {
    const d = left.slice();
    d[l] -= t;
    const c = spare.slice();
    c[i] -= t;
    const s = open.map((row) => row.slice());
    s[i][l] = 0;
    return maxTransport(c, s, d).flow >= sum(d) - EPSILON;
  };
  for (let i = 0; i < set.length; i++) {
    for (let l = 0; l < lines.length; l++) {
      const upper = Math.min(left[l], open[i][l], spare[i]);
      let t = 0;
      if (upper > 0) {
        if (fillableAfter(i, l, upper)) {
          t = upper;
        } else {
          // Fillable amounts form an interval; the current max-flow's amount on this edge is in it.
          let lo = Math.min(upper, maxTransport(spare, open, left).edge[i][l]);
          let hi = upper;
          while (hi - lo > 1) {
            const mid = Math.floor((lo + hi) / 2);
            if (fillableAfter(i, l, mid)) lo = mid;
            else hi = mid;
          }
          t = lo;
        }
      }
      amounts[i][l] = t;
      left[l] -= t;
      spare[i] -= t;
      open[i][l] = 0;
    }
  }
  return left.every((x) => x <= EPSILON) ? amounts : null;
}

function combinations(n: number, k: number, visit: (indices: number[]) => void): void {
  const idx: number[] = [];
  const rec = (start: number): void => {
    if (idx.length === k) {
      visit(idx.slice());
      return;
    }
    for (let i = start; i <= n - (k - idx.length); i++) {
      idx.push(i);
      rec(i + 1);
      idx.pop();
    }
  };
  rec(0);
}

interface Candidate {
  plan: RoutingPlan;
  cost: number;
}

function buildPlan(set: Evaluated[], amounts: number[][], lines: OrderLine[]): Candidate {
  const rows = set.map((e, i) => ({ e, amounts: amounts[i], units: sum(amounts[i]) }));
  rows.sort((a, b) => byCode(a.e.node, b.e.node));
  const allocations: Allocation[] = [];
  for (const row of rows) {
    lines.forEach((l, j) => {
      if (row.amounts[j] > 0) allocations.push({ nodeId: row.e.node.id, skuId: l.skuId, quantity: row.amounts[j] });
    });
  }
  const units = sum(rows.map((r) => r.units));
  return {
    plan: {
      allocations,
      nodeIds: rows.map((r) => r.e.node.id),
      split: rows.length > 1,
      deliveryDays: Math.max(...rows.map((r) => r.e.deliveryDays)),
      score: sum(rows.map((r) => r.units * (r.e.scores?.total ?? 0))) / units,
    },
    cost: sum(rows.map((r) => r.units * r.e.node.costPerUnit)),
  };
}

function searchSplit(pool: Evaluated[], lines: OrderLine[], maxSplit: number): RoutingPlan | null {
  for (let k = 2; k <= Math.min(maxSplit, pool.length); k++) {
    let best: Candidate | null = null;
    combinations(pool.length, k, (indices) => {
      const set = indices.map((i) => pool[i]).sort(byPreference);
      const amounts = allocate(set, lines);
      if (amounts === null || amounts.some((row) => sum(row) <= 0)) return;
      const candidate = buildPlan(set, amounts, lines);
      // Combinations come in code order, so keeping the first of equals breaks the last tie by code.
      if (
        best === null ||
        candidate.plan.score > best.plan.score + EPSILON ||
        (Math.abs(candidate.plan.score - best.plan.score) <= EPSILON && candidate.cost < best.cost - EPSILON)
      ) {
        best = candidate;
      }
    });
    if (best !== null) return (best as Candidate).plan;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

export function planRoute(request: RoutingRequest): RoutingOutcome {
  validate(request);
  const { lines, policy } = request;
  const totalUnits = sum(lines.map((l) => l.quantity));
  const weights = normalisedWeights(policy.weights);

  const evaluated = [...request.nodes].sort(byCode).map((node) => evaluate(node, request, totalUnits));
  const scored = evaluated.filter((e) => e.scored);
  const eligible = scored.filter((e) => e.excludedBy === null);
  const splitPool = scored.filter((e) => e.spareCapacity > 0 && sum(e.shippable) > 0);

  const reference = eligible.length > 0 ? eligible : splitPool.length > 0 ? splitPool : scored;
  const minCpu = Math.min(...reference.map((e) => e.node.costPerUnit));
  for (const e of scored) e.scores = score(e, request, minCpu, weights);

  const candidates: CandidateEvaluation[] = evaluated.map((e) => ({
    nodeId: e.node.id,
    nodeCode: e.node.code,
    excludedBy: e.excludedBy,
    deliveryDays: e.deliveryDays,
    scores: e.scores,
  }));

  if (eligible.length > 0) {
    const best = [...eligible].sort(byPreference)[0];
    const plan: RoutingPlan = {
      allocations: lines.map((l) => ({ nodeId: best.node.id, skuId: l.skuId, quantity: l.quantity })),
      nodeIds: [best.node.id],
      split: false,
      deliveryDays: best.deliveryDays,
      score: best.scores?.total ?? 0,
    };
    return { feasible: true, plan, candidates };
  }

  if (policy.maxSplit >= 2) {
    const plan = searchSplit(splitPool, lines, policy.maxSplit);
    if (plan !== null) return { feasible: true, plan, candidates };
  }

  const anyCouldShip = scored.some((e) => e.spareCapacity > 0);
  return { feasible: false, reason: anyCouldShip ? 'INSUFFICIENT_STOCK' : 'NO_ELIGIBLE_NODE', candidates };
}
