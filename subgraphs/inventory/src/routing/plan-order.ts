import { In, type EntityManager } from 'typeorm';
import { badInput, notFound, trellisError } from '../../../../shared/src/errors';
import { SkuEntity } from '../sku/sku.entity';
import { candidateNodes } from './candidate-nodes';
import { orderedQuantities, type OrderLineInput } from './order-lines';
import { planRoute } from './plan-route';
import { SourcingPolicyEntity } from './routing.entities';
import type { OrderLine, PromiseLevel, RoutingOutcome, RoutingPolicy } from './routing.model';
import type { RoutingServices } from './routing-services';
import type { BrandFacts } from './resolve-brand';
import { operatorsAllowedBy, toRoutingPolicy } from './sourcing-policy';

export interface OrderToPlan {
  lines: OrderLineInput[];
  destinationRegion: string;
  promise: PromiseLevel;
}

export interface PlannedOrder {
  lines: OrderLine[];
  policy: RoutingPolicy;
  outcome: RoutingOutcome;
}

/**
 * The routing plan for an order of a brand, made now: its lines checked against the brand's SKUs,
 * its policy, the operating model and suspensions from upstream, and every node's stock (locked
 * with `lock`), handed to the pure planner.
 */
export async function planOrder(manager: EntityManager, services: RoutingServices, brand: BrandFacts, order: OrderToPlan, now: Date, lock: boolean): Promise<PlannedOrder> {
  if (!order.destinationRegion?.trim()) throw badInput('destinationRegion', 'name the region the order ships to, e.g. "EU-WEST".');
  const lines = await orderLines(manager, brand.id, order.lines);
  const policy = toRoutingPolicy(await manager.findOneBy(SourcingPolicyEntity, { brandId: brand.id }));
  const outcome = planRoute({
    lines,
    destinationRegion: order.destinationRegion.trim(),
    promise: order.promise,
    policy,
    allowedOperators: operatorsAllowedBy(brand.fulfillmentModel),
    suspendedPartnerIds: await services.facts.suspendedPartnerIds(),
    nodes: await candidateNodes(manager, lines.map((l) => l.skuId), now, lock),
  });
  return { lines, policy, outcome };
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
