import type { DataSource } from 'typeorm';
import type { Period } from '../../../../shared/src/graphql/period';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import type { Allocation } from '../routing/routing.model';
import type { CostFacts } from './cost-facts';
import { costToServe, type CostNode, type CostToServeBreakdown } from './cost-to-serve';

export interface BrandCostToServe extends CostToServeBreakdown {
  brandId: string;
  /** False when a source could not be read (contract fees): the figures that depend on it are withheld. */
  complete: boolean;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The cost to serve of several brands for one month, in a fixed number of statements: the orders
 * first routed in the month (each order's current decision, so a rerouted order counts once, where
 * it ships from now), the nodes, the brands' stock, the reroutes and flagged orders of the month
 * from the inventory ledger, the units shipped; and from other subgraphs the contract fees and the
 * showback. Node costs are today's; stock is today's (for a past month an approximation, said in
 * docs/lifecycle.md).
 */
export async function loadCostToServe(dataSource: DataSource, facts: CostFacts, brandIds: readonly string[], period: Period): Promise<BrandCostToServe[]> {
  const ids = [...brandIds];
  const [orders, nodes, stock, exceptions, shipped]: [
    { brand_id: string; plan: Allocation[] }[],
    FulfillmentNodeEntity[],
    { brand_id: string; sku_id: string; on_hand: number; unit_cost: string }[],
    { brand_id: string; action: string; n: number }[],
    { brand_id: string; units: number }[],
  ] = await Promise.all([
    dataSource.query(
      `SELECT d.brand_id, d.plan FROM routing_decision d
        WHERE d.brand_id = ANY($1::uuid[]) AND d.superseded_by_id IS NULL
          AND (SELECT min(o.decided_at) FROM routing_decision o WHERE o.brand_id = d.brand_id AND o.order_ref = d.order_ref) >= $2
          AND (SELECT min(o.decided_at) FROM routing_decision o WHERE o.brand_id = d.brand_id AND o.order_ref = d.order_ref) < $3`,
      [ids, period.start, period.end],
    ),
    dataSource.getRepository(FulfillmentNodeEntity).find(),
    dataSource.query(
      `SELECT s.brand_id, s.id AS sku_id, sum(sp.on_hand)::int AS on_hand, s.unit_cost
         FROM sku s JOIN stock_position sp ON sp.sku_id = s.id WHERE s.brand_id = ANY($1::uuid[]) GROUP BY s.brand_id, s.id, s.unit_cost`,
      [ids],
    ),
    dataSource.query(
      `SELECT brand_id, action, count(*)::int AS n FROM ledger_entry
        WHERE brand_id = ANY($1::uuid[]) AND action IN ('order.reroute', 'order.reroute.failed') AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY brand_id, action`,
      [ids, period.start, period.end],
    ),
    dataSource.query(
      `SELECT brand_id, sum(quantity)::int AS units FROM reservation
        WHERE brand_id = ANY($1::uuid[]) AND status = 'COMMITTED' AND closed_at >= $2 AND closed_at < $3 GROUP BY brand_id`,
      [ids, period.start, period.end],
    ),
  ]);
  const nodeMap = new Map<string, CostNode>(nodes.map((n) => [n.id, { id: n.id, code: n.code, costPerUnit: n.costPerUnit, operatorType: n.operatorType, operatorPartnerId: n.operatorPartnerId }]));
  const lastDay = dayOf(new Date(period.end.getTime() - 1));
  return Promise.all(
    ids.map(async (brandId) => {
      const [contracts, sharedServices] = await Promise.all([facts.contractsOf(brandId), facts.showbackOf(brandId, period.period)]);
      const count = (action: string) => exceptions.find((e) => e.brand_id === brandId && e.action === action)?.n ?? 0;
      const breakdown = costToServe({
        period: { period: period.period, days: period.days, firstDay: dayOf(period.start), lastDay },
        orders: orders.filter((o) => o.brand_id === brandId),
        nodes: nodeMap,
        contracts: contracts ?? [],
        stock: stock.filter((s) => s.brand_id === brandId).map((s) => ({ skuId: s.sku_id, onHand: s.on_hand, unitCost: Number(s.unit_cost) })),
        reroutedOrders: count('order.reroute'),
        failedOrders: count('order.reroute.failed'),
        unitsShipped: shipped.find((s) => s.brand_id === brandId)?.units ?? 0,
        sharedServices,
      });
      return { ...breakdown, brandId, complete: contracts !== null };
    }),
  );
}
