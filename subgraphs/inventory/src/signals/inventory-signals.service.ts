import type { DataSource } from 'typeorm';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { SourcingPolicyEntity } from '../routing/routing.entities';
import type { NodeKind, OperatorType } from '../routing/routing.model';
import type { UpstreamFacts } from '../routing/upstream-facts';
import { leavesARoutableNode, operatorsAllowedBy } from '../routing/sourcing-policy';
import { ADJUSTMENT_WINDOW_DAYS, lacksCapacity, positionFreshness, stockCountAccuracy } from './inventory-signals';

export interface InventorySignalsOf {
  brandId: string;
  positions: number;
  stalePositions: number;
  oldestPositionHours: number | null;
  onHandUnits: number;
  adjustedUnits: number;
  stockCountAccuracy: number;
  policyConflict: boolean;
  nodesWithoutCapacityIds: string[];
}

/** The signals of several brands in a fixed number of statements (their positions, corrections, nodes and policies). */
export async function loadInventorySignals(dataSource: DataSource, facts: UpstreamFacts, brandIds: readonly string[], now = new Date()): Promise<InventorySignalsOf[]> {
  const ids = [...brandIds];
  const [positions, adjusted, held, nodes, policies]: [
    { brand_id: string; on_hand: number; updated_at: Date }[],
    { brand_id: string; units: number }[],
    { brand_id: string; node_id: string; on_hand: number }[],
    FulfillmentNodeEntity[],
    SourcingPolicyEntity[],
  ] = await Promise.all([
    dataSource.query('SELECT s.brand_id, sp.on_hand, sp.updated_at FROM stock_position sp JOIN sku s ON s.id = sp.sku_id WHERE s.brand_id = ANY($1::uuid[]) AND sp.on_hand > 0', [ids]),
    dataSource.query(
      `SELECT brand_id, coalesce(sum(abs((after->>'delta')::int)), 0)::int AS units FROM ledger_entry
        WHERE action = 'stock.adjust' AND brand_id = ANY($1::uuid[]) AND occurred_at > $2 GROUP BY brand_id`,
      [ids, new Date(now.getTime() - ADJUSTMENT_WINDOW_DAYS * 86_400_000)],
    ),
    dataSource.query(
      'SELECT s.brand_id, sp.node_id, sum(sp.on_hand)::int AS on_hand FROM stock_position sp JOIN sku s ON s.id = sp.sku_id WHERE s.brand_id = ANY($1::uuid[]) GROUP BY s.brand_id, sp.node_id',
      [ids],
    ),
    dataSource.getRepository(FulfillmentNodeEntity).find({ order: { code: 'ASC' } }),
    dataSource.getRepository(SourcingPolicyEntity).createQueryBuilder('p').where('p.brand_id = ANY(:ids)', { ids }).getMany(),
  ]);
  return Promise.all(
    ids.map(async (brandId) => {
      const own = positions.filter((p) => p.brand_id === brandId);
      const onHandUnits = own.reduce((s, p) => s + p.on_hand, 0);
      const adjustedUnits = adjusted.find((a) => a.brand_id === brandId)?.units ?? 0;
      const unitsAt = (nodeId: string) => held.find((h) => h.brand_id === brandId && h.node_id === nodeId)?.on_hand ?? 0;
      const network = nodes.filter((n) => n.operatorBrandId === brandId || held.some((h) => h.brand_id === brandId && h.node_id === n.id));
      const policy = policies.find((p) => p.brandId === brandId);
      let policyConflict = false;
      if (policy) {
        const model = await facts.fulfillmentModel(brandId).catch(() => null);
        const active: { kind: NodeKind; operatorType: OperatorType }[] = network.filter((n) => n.active);
        policyConflict = !leavesARoutableNode(active, policy.allowedKinds, operatorsAllowedBy(model));
      }
      return {
        brandId,
        ...positionFreshness(own.map((p) => p.updated_at), now),
        onHandUnits,
        adjustedUnits,
        stockCountAccuracy: stockCountAccuracy(adjustedUnits, onHandUnits),
        policyConflict,
        nodesWithoutCapacityIds: network.filter((n) => lacksCapacity(n, unitsAt(n.id))).map((n) => n.id),
      };
    }),
  );
}
