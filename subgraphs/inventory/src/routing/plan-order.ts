import { In, type EntityManager } from 'typeorm';
import { badInput, notFound, trellisError } from '../../../../shared/src/errors';
import { SkuEntity } from '../sku/sku.entity';
import { candidateNodes } from './candidate-nodes';
import { utcDay } from './delivery-date';
import { orderedQuantities, type OrderLineInput } from './order-lines';
import { planRoute } from './plan-route';
import { pilotOverride, type RunningPilot } from './pilot-override';
import { SourcingPolicyEntity } from './routing.entities';
import type { OrderLine, PromiseLevel, RoutingOutcome, RoutingPolicy } from './routing.model';
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
  if (!order.destinationRegion?.trim()) throw badInput('destinationRegion', 'name the region the order ships to, e.g. "EU-WEST".');
  const destinationRegion = order.destinationRegion.trim();
  const lines = await orderLines(manager, brand.id, order.lines);
  const stored = toRoutingPolicy(await manager.findOneBy(SourcingPolicyEntity, { brandId: brand.id }));
  const policy = options.maxSplit ? { ...stored, maxSplit: Math.min(stored.maxSplit, options.maxSplit) } : stored;
  const pilot = pilotOverride(await services.facts.runningPilots(), brand.id, {
    destinationRegion,
    channel: channelOf(order.channel),
    skuIds: lines.map((l) => l.skuId),
  });
  const model = pilot ? pilot.model : brand.fulfillmentModel;
  const nodes = await candidateNodes(manager, lines.map((l) => l.skuId), now, lock && !options.alreadyLocked, lock);
  const avoid = options.avoidNodeIds;
  // Until partner statuses are known, no partner-run node is chosen: any of them might be suspended.
  const suspended = (await services.facts.suspendedPartnerIdsIfKnown()) ?? new Set(nodes.flatMap((n) => (n.operatorPartnerId ? [n.operatorPartnerId] : [])));
  const outcome = planRoute({
    lines,
    destinationRegion,
    promise: order.promise,
    policy,
    allowedOperators: operatorsAllowedBy(model),
    suspendedPartnerIds: suspended,
    exitedPartnerIds: await services.facts.exitedPartnerIds(brand.id, utcDay(now)),
    nodes: avoid ? nodes.map((n) => (avoid.has(n.id) ? { ...n, active: false } : n)) : nodes,
  });
  return { lines, policy, outcome, pilot, model };
}

/** The order's lines with each SKU's price and cost; every SKU must exist and belong to the brand. */
async function orderLines(manager: EntityManager, brandId: string, input: readonly OrderLineInput[]): Promise<OrderLine[]> {
  const quantities = orderedQuantities(input);
  const skus = await manager.getRepository(SkuEntity).findBy({ id: In([...quantities.keys()]) });
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
