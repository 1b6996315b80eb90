import type { EntityManager } from 'typeorm';
import { preparedQueryIn } from '../../../../shared/src/db/prepared-query';
import { badInput, notFound, trellisError } from '../../../../shared/src/errors';
import type { SkuEntity } from '../sku/sku.entity';
import { candidateNodes, type CandidateRead } from './candidate-nodes';
import type { LedgerHead } from '../../../../shared/src/ledger/ledger';
import { utcDay } from './delivery-date';
import { orderedQuantities, type OrderLineInput } from './order-lines';
import { planRoute } from './plan-route';
import { pilotOverride, type RunningPilot } from './pilot-override';
import type { Allocation, CandidateNode, OrderLine, PromiseLevel, RoutingOutcome, RoutingPolicy } from './routing.model';
import type { RoutingServices } from './routing-services';
import type { BrandFacts } from './resolve-brand';
import { operatorsAllowedBy, toRoutingPolicy } from './sourcing-policy';

export const MAX_CHANNEL_LENGTH = 40;

export interface OrderToPlan {
  lines: OrderLineInput[];
  destinationRegion: string;
  promise: PromiseLevel;
  /** Where the order was taken (web, store, marketplace …): pilots may be scoped to channels. */
  channel?: string | null;
}

export interface PlannedOrder {
  lines: OrderLine[];
  policy: RoutingPolicy;
  outcome: RoutingOutcome;
  /** The running pilot whose model the order was routed under, if it is in one's scope. */
  pilot: RunningPilot | null;
  /** The operating model the order was routed under: the pilot's, else the brand's decided one. */
  model: string | null;
}

/** How a reroute narrows a plan: fewer nodes for the moved lines, and nodes that must not take them. */
export interface PlanOptions {
  maxSplit?: number;
  /** Treated as inactive for this plan (a person asked to move the order off them). */
  avoidNodeIds?: ReadonlySet<string>;
  /** The stock rows are already locked by the caller, in the global order. */
  alreadyLocked?: boolean;
}

/** An order's channel as stored: trimmed, at most MAX_CHANNEL_LENGTH characters, or null. */
export function channelOf(channel: string | null | undefined): string | null {
  const trimmed = channel?.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_CHANNEL_LENGTH) throw badInput('channel', `at most ${MAX_CHANNEL_LENGTH} characters.`);
  return trimmed;
}

/**
 * The routing plan for an order of a brand, made now: its lines checked against the brand's SKUs,
 * its policy, the operating model (or the model of a pilot whose scope covers the order),
 * suspensions and exits from upstream, and every node's stock (locked with `lock`), handed to the
 * pure planner.
 */
export async function planOrder(
  manager: EntityManager,
  services: RoutingServices,
  brand: BrandFacts,
  order: OrderToPlan,
  now: Date,
  lock: boolean,
  options: PlanOptions = {},
): Promise<PlannedOrder> {
  const {
    plans: [result],
  } = await planOrders(manager, services, [{ brand, order, options }], now, { lockStock: lock && !options.alreadyLocked, lockNodes: lock });
  if ('error' in result!) throw result.error;
  return result!.planned;
}

export type OrderPlan = { planned: PlannedOrder } | { error: unknown };

export interface OrderToPlanFor {
  brand: BrandFacts;
  order: OrderToPlan;
  options?: Omit<PlanOptions, 'alreadyLocked'>;
}

/**
 * Plans for several orders made together (orders routed in one transaction, see order-batch.ts):
 * one read of their SKUs, of their brands' policies and of every node's stock (locked once, in the
 * global order), then each order planned in turn on what the orders before it left — the units and
 * capacity an earlier order takes are gone for the next. An order that cannot be planned gets its
 * error in its place; the others are not affected. With one order this is `planOrder`, statement
 * for statement.
 */
export async function planOrders(
  manager: EntityManager,
  services: RoutingServices,
  orders: readonly OrderToPlanFor[],
  now: Date,
  read: CandidateRead,
  /** The orders' SKUs and policies, when the caller has read them (`ORDER_FACTS_COLUMNS`). */
  known?: OrderFacts,
): Promise<{ plans: OrderPlan[]; ledgerHead?: LedgerHead | null }> {
  const checked = orders.map(({ order }): { quantities: Map<string, number> } | { error: unknown } => {
    try {
      if (!order.destinationRegion?.trim()) throw badInput('destinationRegion', 'name the region the order ships to, e.g. "EU-WEST".');
      return { quantities: orderedQuantities(order.lines) };
    } catch (error) {
      return { error };
    }
  });
  const results: (OrderPlan | undefined)[] = checked.map((c) => ('error' in c ? { error: c.error } : undefined));
  const skuIds = [...new Set(checked.flatMap((c) => ('quantities' in c ? [...c.quantities.keys()] : [])))];
  if (skuIds.length === 0) return { plans: results as OrderPlan[] };
  // The orders' SKUs and their brands' policies in one round trip (unless the caller read them already).
  const brandIds = [...new Set(orders.map((o) => o.brand.id))];
  const { skus, policies } =
    known ?? orderFactsOf((await preparedQueryIn<OrderFactsRow>(manager, 'inventory.order-facts', `SELECT ${ORDER_FACTS_COLUMNS}`, [skuIds, brandIds]))[0]!);
  const lines = orders.map(({ brand }, i) => {
    const c = checked[i]!;
    if (!('quantities' in c)) return undefined;
    try {
      return linesOf(skus, brand.id, c.quantities);
    } catch (error) {
      results[i] = { error };
      return undefined;
    }
  });
  if (!lines.some(Boolean)) return { plans: results as OrderPlan[] };
  const pilots = await services.facts.runningPilots();
  const { nodes, ledgerHead } = await candidateNodes(manager, [...new Set(lines.flatMap((l) => (l ? l.map((line) => line.skuId) : [])))], now, read);
  // Until partner statuses are known, no partner-run node is chosen: any of them might be suspended.
  const suspended = (await services.facts.suspendedPartnerIdsIfKnown()) ?? new Set(nodes.flatMap((n) => (n.operatorPartnerId ? [n.operatorPartnerId] : [])));
  for (let i = 0; i < orders.length; i++) {
    const orderLines = lines[i];
    if (!orderLines) continue;
    const { brand, order, options = {} } = orders[i]!;
    try {
      const destinationRegion = order.destinationRegion.trim();
      const stored = policies.find((p) => p.brandId === brand.id)?.policy ?? toRoutingPolicy(null);
      const policy = options.maxSplit ? { ...stored, maxSplit: Math.min(stored.maxSplit, options.maxSplit) } : stored;
      const pilot = pilotOverride(pilots, brand.id, { destinationRegion, channel: channelOf(order.channel), skuIds: orderLines.map((l) => l.skuId) });
      const model = pilot ? pilot.model : brand.fulfillmentModel;
      const avoid = options.avoidNodeIds;
      const outcome = planRoute({
        lines: orderLines,
        destinationRegion,
        promise: order.promise,
        policy,
        allowedOperators: operatorsAllowedBy(model),
        suspendedPartnerIds: suspended,
        exitedPartnerIds: await services.facts.exitedPartnerIds(brand.id, utcDay(now)),
        nodes: avoid ? nodes.map((n) => (avoid.has(n.id) ? { ...n, active: false } : n)) : nodes,
      });
      if (outcome.feasible) takeFrom(nodes, outcome.plan.allocations);
      results[i] = { planned: { lines: orderLines, policy, outcome, pilot, model } };
    } catch (error) {
      results[i] = { error };
    }
  }
  return { plans: results as OrderPlan[], ledgerHead };
}

/** What a planned order takes: its units from each node's stock, and from the node's capacity today. */
function takeFrom(nodes: CandidateNode[], allocations: readonly Allocation[]): void {
  for (const allocation of allocations) {
    const node = nodes.find((n) => n.id === allocation.nodeId);
    if (!node) continue;
    node.available = { ...node.available, [allocation.skuId]: (node.available[allocation.skuId] ?? 0) - allocation.quantity };
    node.usedToday += allocation.quantity;
  }
}

/**
 * What planning reads before it locks anything, as two JSON columns of one SELECT: `skus` (the
 * SKUs of `$1`) and `policies` (the sourcing policies of the brands `$2`).
 */
export const ORDER_FACTS_COLUMNS = `(SELECT coalesce(json_agg(json_build_object('id', id, 'brand_id', brand_id, 'code', code, 'price', price, 'unit_cost', unit_cost)), '[]')
               FROM sku WHERE id = ANY($1::uuid[])) AS skus,
            (SELECT coalesce(json_agg(json_build_object('brand_id', brand_id, 'allowed_kinds', allowed_kinds, 'weight_cost', weight_cost,
                      'weight_promise_slack', weight_promise_slack, 'weight_margin', weight_margin, 'weight_stock_depth', weight_stock_depth,
                      'max_split', max_split, 'standard_promise_days', standard_promise_days, 'express_promise_days', express_promise_days)), '[]')
               FROM sourcing_policy WHERE brand_id = ANY($2::uuid[])) AS policies`;

export interface OrderFactsRow {
  skus: SkuRow[];
  policies: PolicyRow[];
}

export interface OrderFacts {
  skus: Pick<SkuEntity, 'id' | 'brandId' | 'code' | 'price' | 'unitCost'>[];
  policies: { brandId: string; policy: RoutingPolicy }[];
}

export function orderFactsOf(row: OrderFactsRow): OrderFacts {
  return {
    skus: row.skus.map((r) => ({ id: r.id, brandId: r.brand_id, code: r.code, price: Number(r.price), unitCost: Number(r.unit_cost) })),
    policies: row.policies.map(policyOf),
  };
}

interface SkuRow {
  id: string;
  brand_id: string;
  code: string;
  price: number | string;
  unit_cost: number | string;
}

interface PolicyRow {
  brand_id: string;
  allowed_kinds: RoutingPolicy['allowedKinds'];
  weight_cost: number | string;
  weight_promise_slack: number | string;
  weight_margin: number | string;
  weight_stock_depth: number | string;
  max_split: number;
  standard_promise_days: number;
  express_promise_days: number;
}

function policyOf(r: PolicyRow): { brandId: string; policy: RoutingPolicy } {
  return {
    brandId: r.brand_id,
    policy: {
      allowedKinds: r.allowed_kinds,
      weights: { cost: Number(r.weight_cost), promiseSlack: Number(r.weight_promise_slack), margin: Number(r.weight_margin), stockDepth: Number(r.weight_stock_depth) },
      maxSplit: r.max_split,
      promiseDays: { STANDARD: r.standard_promise_days, EXPRESS: r.express_promise_days },
    },
  };
}

/** The order's lines with each SKU's price and cost; every SKU must exist and belong to the brand. */
function linesOf(skus: readonly Pick<SkuEntity, 'id' | 'brandId' | 'code' | 'price' | 'unitCost'>[], brandId: string, quantities: ReadonlyMap<string, number>): OrderLine[] {
  return [...quantities].map(([skuId, quantity]) => {
    const sku = skus.find((s) => s.id === skuId);
    if (!sku) throw notFound(`SKU ${skuId}`);
    if (sku.brandId !== brandId) {
      throw trellisError('SKU_NOT_OF_BRAND', `SKU ${sku.code} belongs to another brand: an order may only hold the brand's own SKUs.`, { skuId });
    }
    return { skuId, quantity, price: sku.price, unitCost: sku.unitCost };
  });
}

/** The error an order without a feasible plan is refused with, naming every node's filter. */
export function infeasible(outcome: Extract<RoutingOutcome, { feasible: false }>, orderRef: string) {
  const excluded = outcome.candidates.map((c) => ({ node: c.nodeCode, excludedBy: c.excludedBy }));
  return outcome.reason === 'INSUFFICIENT_STOCK'
    ? trellisError('INSUFFICIENT_STOCK', `Order ${orderRef} cannot be filled: the nodes allowed to ship it do not hold enough stock.`, { candidates: excluded })
    : trellisError('NO_ELIGIBLE_NODE', `Order ${orderRef} cannot be routed: no node passes the brand's operating model, sourcing policy, promise and capacity.`, {
        candidates: excluded,
      });
}
