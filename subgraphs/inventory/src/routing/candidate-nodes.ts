import type { EntityManager } from 'typeorm';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { availableAt } from '../stock/available';
import { utcDay } from './delivery-date';
import type { CandidateNode } from './routing.model';

/**
 * Every node with its availability for the order's SKUs and its usage today. With `lock`, the
 * order's stock rows are locked in a fixed order (SKU, node), so concurrent orders queue rather
 * than deadlock, and the plan is made on stock nobody else can take.
 */
export async function candidateNodes(manager: EntityManager, skuIds: string[], now: Date, lock: boolean): Promise<CandidateNode[]> {
  const positions: { sku_id: string; node_id: string; on_hand: number; reserved: number; safety_stock: number }[] = await manager.query(
    `SELECT sku_id, node_id, on_hand, reserved, safety_stock FROM stock_position WHERE sku_id = ANY($1)
      ORDER BY sku_id, node_id ${lock ? 'FOR UPDATE' : ''}`,
    [skuIds],
  );
  const nodes = await manager.getRepository(FulfillmentNodeEntity).find({ order: { code: 'ASC' } });
  const usage: { node_id: string; units: number }[] = await manager.query('SELECT node_id, units FROM node_daily_usage WHERE day = $1', [utcDay(now)]);
  return nodes.map((n) => ({
    id: n.id,
    code: n.code,
    kind: n.kind,
    operatorType: n.operatorType,
    operatorPartnerId: n.operatorPartnerId,
    region: n.region,
    costPerUnit: n.costPerUnit,
    handlingDays: n.handlingDays,
    dailyCapacity: n.dailyCapacity,
    active: n.active,
    usedToday: usage.find((u) => u.node_id === n.id)?.units ?? 0,
    available: Object.fromEntries(
      positions.filter((p) => p.node_id === n.id).map((p) => [p.sku_id, availableAt({ onHand: p.on_hand, reserved: p.reserved, safetyStock: p.safety_stock })]),
    ),
  }));
}
