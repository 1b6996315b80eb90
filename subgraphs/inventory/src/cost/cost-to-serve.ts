/**
 * A brand's true cost to serve in a month, as a pure function of what was routed, contracted,
 * stocked and allocated. The formulas and a worked example are in docs/lifecycle.md ("Cost to
 * serve"); cost-to-serve.test.ts holds the example to the cent. Money is computed in whole cents,
 * each line rounded once, so every breakdown adds up to its total exactly.
 *
 *   fulfillment      Σ over the brand's orders of the period (their current decisions) and their
 *                    allocations: units × the node's cost per unit — by node, with its operator
 *   partner fees     Σ over the brand's contracts in force in the month: monthlyFee + feePerOrder ×
 *                    the orders shipped (at least partly) from that partner's nodes
 *   shared services  the brand's showback allocation for the month, when the graph has a showback
 *   inventory        carrying = stock value × 25 %/year × days / 365
 *                    ageing   = Σ per SKU: value of the units beyond 90 days of cover × 2 % × days / 30,
 *                               days of cover = on hand / (units routed in the month / days)
 *                               (a SKU nothing was routed of has no cover: all of it is ageing)
 *   exceptions       6.00 per order rerouted + 25.00 per order flagged for a person
 *   total            the sum of the five; per order = total / orders; per unit shipped = total / units shipped
 *
 * Per capability: FULFILLMENT carries fulfillment and exceptions, INVENTORY the inventory line, a
 * contract's fees are split evenly over its capability scope, shared services go to the capability
 * each service serves (UNATTRIBUTED when unknown).
 */

export const CARRYING_RATE_PER_YEAR = 0.25;
export const AGEING_COVER_DAYS = 90;
export const AGEING_RATE_PER_30_DAYS = 0.02;
export const REROUTE_COST = 6;
export const FAILED_ORDER_COST = 25;

export interface CostNode {
  id: string;
  code: string;
  costPerUnit: number;
  operatorType: string;
  operatorPartnerId: string | null;
}

export interface CostContract {
  id: string;
  partnerId: string;
  partnerName: string;
  capabilityScope: readonly string[];
  monthlyFee: number;
  feePerOrder: number;
  /** YYYY-MM-DD */
  validFrom: string;
  validTo: string;
  /** Notice given: the contract ends on this day. */
  exitDate: string | null;
}

export interface CostInputs {
  period: { period: string; days: number; firstDay: string; lastDay: string };
  /** The current decision of every order first routed in the month. */
  orders: readonly { plan: readonly { nodeId: string; skuId: string; quantity: number }[] }[];
  nodes: ReadonlyMap<string, CostNode>;
  contracts: readonly CostContract[];
  /** The brand's stock now, per SKU over all nodes. */
  stock: readonly { skuId: string; onHand: number; unitCost: number }[];
  reroutedOrders: number;
  failedOrders: number;
  unitsShipped: number;
  /** The showback allocation, or null when the graph has no showback. */
  sharedServices: readonly { serviceCode: string; capability: string | null; amount: number }[] | null;
}

export interface FulfillmentLine {
  nodeId: string;
  nodeCode: string;
  operatorType: string;
  partnerId: string | null;
  units: number;
  costPerUnit: number;
  amount: number;
}

export interface PartnerFeeLine {
  contractId: string;
  partnerId: string;
  partnerName: string;
  monthlyFee: number;
  orders: number;
  feePerOrder: number;
  amount: number;
}

export interface CostToServeBreakdown {
  period: string;
  orders: number;
  unitsRouted: number;
  unitsShipped: number;
  fulfillment: { amount: number; lines: FulfillmentLine[] };
  partnerFees: { amount: number; lines: PartnerFeeLine[] };
  sharedServices: { available: boolean; amount: number; lines: { serviceCode: string; capability: string | null; amount: number }[] };
  inventory: { amount: number; stockValue: number; daysOfCover: number | null; carrying: number; ageing: number; unitsBeyondCover: number };
  exceptions: { amount: number; reroutedOrders: number; failedOrders: number };
  total: number;
  perOrder: number | null;
  perUnitShipped: number | null;
  byCapability: { capability: string; amount: number }[];
}

const cents = (amount: number) => Math.round(amount * 100);
const euros = (c: number) => c / 100;

/** Splits an amount in cents into `n` parts that add up to it exactly (the first parts take the remainder). */
function split(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total - base * n ? 1 : 0));
}

export function costToServe(inputs: CostInputs): CostToServeBreakdown {
  const { period, nodes } = inputs;
  const byCapability = new Map<string, number>();
  const attribute = (capability: string, c: number) => byCapability.set(capability, (byCapability.get(capability) ?? 0) + c);

  // Fulfillment, by node.
  const unitsByNode = new Map<string, number>();
  const unitsBySku = new Map<string, number>();
  const ordersByPartner = new Map<string, number>();
  for (const order of inputs.orders) {
    const partners = new Set<string>();
    for (const a of order.plan) {
      unitsByNode.set(a.nodeId, (unitsByNode.get(a.nodeId) ?? 0) + a.quantity);
      unitsBySku.set(a.skuId, (unitsBySku.get(a.skuId) ?? 0) + a.quantity);
      const partner = nodes.get(a.nodeId)?.operatorPartnerId;
      if (partner) partners.add(partner);
    }
    for (const p of partners) ordersByPartner.set(p, (ordersByPartner.get(p) ?? 0) + 1);
  }
  const fulfillmentLines = [...unitsByNode].map(([nodeId, units]) => {
    const node = nodes.get(nodeId);
    const costPerUnit = node?.costPerUnit ?? 0;
    return { nodeId, nodeCode: node?.code ?? nodeId, operatorType: node?.operatorType ?? 'UNKNOWN', partnerId: node?.operatorPartnerId ?? null, units, costPerUnit, c: cents(units * costPerUnit) };
  });
  fulfillmentLines.sort((a, b) => a.nodeCode.localeCompare(b.nodeCode));
  const fulfillment = fulfillmentLines.reduce((s, l) => s + l.c, 0);
  attribute('FULFILLMENT', fulfillment);

  // Partner fees of the contracts in force in the month.
  const feeLines = inputs.contracts
    .filter((c) => c.validFrom <= period.lastDay && minDay(c.validTo, c.exitDate ?? c.validTo) >= period.firstDay)
    .map((c) => {
      const orders = ordersByPartner.get(c.partnerId) ?? 0;
      const amount = cents(c.monthlyFee) + cents(orders * c.feePerOrder);
      const scope = c.capabilityScope.length > 0 ? c.capabilityScope : ['UNATTRIBUTED'];
      split(amount, scope.length).forEach((part, i) => attribute(scope[i]!, part));
      return { contractId: c.id, partnerId: c.partnerId, partnerName: c.partnerName, monthlyFee: c.monthlyFee, orders, feePerOrder: c.feePerOrder, c: amount };
    })
    .sort((a, b) => a.partnerName.localeCompare(b.partnerName) || a.contractId.localeCompare(b.contractId));
  const partnerFees = feeLines.reduce((s, l) => s + l.c, 0);

  // Shared services, from the showback.
  const sharedLines = (inputs.sharedServices ?? []).map((l) => ({ ...l, c: cents(l.amount) }));
  for (const l of sharedLines) attribute(l.capability ?? 'UNATTRIBUTED', l.c);
  const shared = sharedLines.reduce((s, l) => s + l.c, 0);

  // Inventory carrying and ageing.
  let stockValueRaw = 0;
  let ageingRaw = 0;
  let unitsBeyondCover = 0;
  let onHandUnits = 0;
  for (const s of inputs.stock) {
    stockValueRaw += s.onHand * s.unitCost;
    onHandUnits += s.onHand;
    const dailyDemand = (unitsBySku.get(s.skuId) ?? 0) / period.days;
    const beyond = Math.max(0, s.onHand - AGEING_COVER_DAYS * dailyDemand);
    unitsBeyondCover += beyond;
    ageingRaw += beyond * s.unitCost * AGEING_RATE_PER_30_DAYS * (period.days / 30);
  }
  const carrying = cents(stockValueRaw * CARRYING_RATE_PER_YEAR * (period.days / 365));
  const ageing = cents(ageingRaw);
  const inventory = carrying + ageing;
  attribute('INVENTORY', inventory);
  const unitsRouted = [...unitsBySku.values()].reduce((s, u) => s + u, 0);

  // Exceptions.
  const exceptions = cents(inputs.reroutedOrders * REROUTE_COST + inputs.failedOrders * FAILED_ORDER_COST);
  attribute('FULFILLMENT', exceptions);

  const total = fulfillment + partnerFees + shared + inventory + exceptions;
  const orders = inputs.orders.length;
  return {
    period: period.period,
    orders,
    unitsRouted,
    unitsShipped: inputs.unitsShipped,
    fulfillment: { amount: euros(fulfillment), lines: fulfillmentLines.map(({ c, ...l }) => ({ ...l, amount: euros(c) })) },
    partnerFees: { amount: euros(partnerFees), lines: feeLines.map(({ c, ...l }) => ({ ...l, amount: euros(c) })) },
    sharedServices: { available: inputs.sharedServices !== null, amount: euros(shared), lines: sharedLines.map(({ c, ...l }) => ({ ...l, amount: euros(c) })) },
    inventory: {
      amount: euros(inventory),
      stockValue: euros(cents(stockValueRaw)),
      daysOfCover: unitsRouted > 0 ? Math.round((onHandUnits / (unitsRouted / period.days)) * 10) / 10 : null,
      carrying: euros(carrying),
      ageing: euros(ageing),
      unitsBeyondCover: Math.round(unitsBeyondCover * 10) / 10,
    },
    exceptions: { amount: euros(exceptions), reroutedOrders: inputs.reroutedOrders, failedOrders: inputs.failedOrders },
    total: euros(total),
    perOrder: orders > 0 ? Math.round(total / orders) / 100 : null,
    perUnitShipped: inputs.unitsShipped > 0 ? Math.round(total / inputs.unitsShipped) / 100 : null,
    byCapability: [...byCapability]
      .filter(([, c]) => c !== 0)
      .map(([capability, c]) => ({ capability, amount: euros(c) }))
      .sort((a, b) => b.amount - a.amount || a.capability.localeCompare(b.capability)),
  };
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
