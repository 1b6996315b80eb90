import type { EntityManager } from 'typeorm';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { availableAt } from '../stock/available';
import { utcDay } from './delivery-date';
import type { CandidateNode } from './routing.model';

/**
 * Locks the stock rows of these SKUs at every node, in the one global order (SKU, node): every
 * writer of stock rows that may hold several takes them this way, so writers queue rather than
 * deadlock.
 */
export async function lockStockRows(manager: EntityManager, skuIds: readonly string[]): Promise<void> {
  await manager.query('SELECT 1 FROM stock_position WHERE sku_id = ANY($1) ORDER BY sku_id, node_id FOR UPDATE', [[...skuIds]]);
}

/**
 * Every node with its availability for the order's SKUs and its usage today. With `lock`, the
 * order's stock rows are locked in the global order (SKU, node), so concurrent orders queue rather
 * than deadlock and the plan is made on stock nobody else can take; and the nodes are read FOR
 * SHARE, so a node cannot be deactivated between this read and the commit of the reservations made
 * on it (setNodeActive waits, then finds them and moves them).
 */
export async function candidateNodes(manager: EntityManager, skuIds: string[], now: Date, lock: boolean, lockNodes = lock): Promise<CandidateNode[]> {
  const positions: { sku_id: string; node_id: string; on_hand: number; reserved: number; safety_stock: number }[] = await manager.query(
    `SELECT sku_id, node_id, on_hand, reserved, safety_stock FROM stock_position WHERE sku_id = ANY($1)
      ORDER BY sku_id, node_id ${lock ? 'FOR UPDATE' : ''}`,
    [skuIds],
  );
  const nodes = await manager.getRepository(FulfillmentNodeEntity).find({ order: { code: 'ASC' }, ...(lockNodes ? { lock: { mode: 'pessimistic_read' as const } } : {}) });
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
