import type { EntityManager } from 'typeorm';
import type { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { availableAt } from '../stock/available';
import { utcDay } from './delivery-date';
import { preparedQueryIn } from '../../../../shared/src/db/prepared-query';
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
  const positions = await preparedQueryIn<{ sku_id: string; node_id: string; on_hand: number; reserved: number; safety_stock: number }>(
    manager,
    `inventory.candidate-stock${lock ? '-locked' : ''}`,
    `SELECT sku_id, node_id, on_hand, reserved, safety_stock FROM stock_position WHERE sku_id = ANY($1::uuid[])
      ORDER BY sku_id, node_id ${lock ? 'FOR UPDATE' : ''}`,
    [skuIds],
  );
  // Nodes and their usage today in one statement, read after the stock rows are locked (so usage
  // includes every order that committed before this one got the lock).
  const nodes = await preparedQueryIn<NodeRow>(
    manager,
    `inventory.candidate-nodes${lockNodes ? '-locked' : ''}`,
    `SELECT n.id, n.code, n.kind, n.operator_type, n.operator_partner_id, n.region, n.cost_per_unit, n.handling_days, n.daily_capacity, n.active,
            COALESCE(u.units, 0)::int AS used_today
       FROM fulfillment_node n LEFT JOIN node_daily_usage u ON u.node_id = n.id AND u.day = $1::date
      ORDER BY n.code ${lockNodes ? 'FOR SHARE OF n' : ''}`,
    [utcDay(now)],
  );
  return nodes.map((n) => ({
    id: n.id,
    code: n.code,
    kind: n.kind,
    operatorType: n.operator_type,
    operatorPartnerId: n.operator_partner_id,
    region: n.region,
    costPerUnit: Number(n.cost_per_unit),
    handlingDays: n.handling_days,
    dailyCapacity: n.daily_capacity,
    active: n.active,
    usedToday: n.used_today,
    available: Object.fromEntries(
      positions.filter((p) => p.node_id === n.id).map((p) => [p.sku_id, availableAt({ onHand: p.on_hand, reserved: p.reserved, safetyStock: p.safety_stock })]),
    ),
  }));
}

interface NodeRow {
  id: string;
  code: string;
  kind: FulfillmentNodeEntity['kind'];
  operator_type: FulfillmentNodeEntity['operatorType'];
  operator_partner_id: string | null;
  region: string;
  cost_per_unit: string;
  handling_days: number;
  daily_capacity: number;
  active: boolean;
  used_today: number;
}
