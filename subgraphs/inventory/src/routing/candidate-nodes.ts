import type { EntityManager } from 'typeorm';
import type { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { availableAt } from '../stock/available';
import { utcDay } from './delivery-date';
import { preparedQueryIn, simpleQueryIn } from '../../../../shared/src/db/prepared-query';
import { LEDGER_LOCK_AND_HEAD, type LedgerHead } from '../../../../shared/src/ledger/ledger';
import type { CandidateNode } from './routing.model';

/**
 * Locks the stock rows of these SKUs at every node, in the one global order (SKU, node): every
 * writer of stock rows that may hold several takes them this way, so writers queue rather than
 * deadlock.
 */
export async function lockStockRows(manager: EntityManager, skuIds: readonly string[]): Promise<void> {
  await manager.query('SELECT 1 FROM stock_position WHERE sku_id = ANY($1) ORDER BY sku_id, node_id FOR UPDATE', [[...skuIds]]);
}

export interface CandidateRead {
  /** Lock the SKUs' stock rows (FOR UPDATE, in the global order). */
  lockStock: boolean;
  /** Read the nodes FOR SHARE. */
  lockNodes: boolean;
  /**
   * Then, in the same round trip as the nodes: the statements `locksBefore` gives for today (a
   * literal day) before the nodes are read, and the ledger's append lock and head after.
   */
  lockLedger?: { locksBefore(day: string): string };
}

/**
 * Every node with its availability for the order's SKUs and its usage today. With `lockStock`, the
 * order's stock rows are locked in the global order (SKU, node), so concurrent orders queue rather
 * than deadlock and the plan is made on stock nobody else can take; with `lockNodes` the nodes are
 * read FOR SHARE, so a node cannot be deactivated between this read and the commit of the
 * reservations made on it (setNodeActive waits, then finds them and moves them).
 *
 * With `lockLedger` (orders routed together: their ledger entries are appended in the statement
 * that reserves), the caller's locks (today's usage rows: `lockTodaysUsage`) and then the ledger's
 * append lock are taken after the stock rows — the order every writer keeps (stock, usage,
 * ledger; closing-order.ts): a writer that took usage and waits for the ledger must not wait on a
 * batch that took the ledger and waits for that usage. The nodes are read after the caller's locks
 * (so their usage is exact) and the head after the ledger's, in one message: each statement with
 * its own snapshot, in one round trip.
 */
export async function candidateNodes(manager: EntityManager, skuIds: string[], now: Date, read: CandidateRead): Promise<{ nodes: CandidateNode[]; ledgerHead?: LedgerHead | null }> {
  const positions = await preparedQueryIn<{ sku_id: string; node_id: string; on_hand: number; reserved: number; safety_stock: number }>(
    manager,
    `inventory.candidate-stock${read.lockStock ? '-locked' : ''}`,
    `SELECT sku_id, node_id, on_hand, reserved, safety_stock FROM stock_position WHERE sku_id = ANY($1::uuid[])
      ORDER BY sku_id, node_id ${read.lockStock ? 'FOR UPDATE' : ''}`,
    [skuIds],
  );
  // Nodes and their usage today in one statement, read after the stock rows are locked (so usage
  // includes every order that committed before this one got the lock).
  const day = utcDay(now);
  const nodesSql = (dayParameter: string) => `SELECT n.id, n.code, n.kind, n.operator_type, n.operator_partner_id, n.region, n.cost_per_unit, n.handling_days, n.daily_capacity, n.active,
            COALESCE(u.units, 0)::int AS used_today
       FROM fulfillment_node n LEFT JOIN node_daily_usage u ON u.node_id = n.id AND u.day = ${dayParameter}::date
      ORDER BY n.code ${read.lockNodes ? 'FOR SHARE OF n' : ''}`;
  let rows: NodeRow[];
  let ledgerHead: LedgerHead | null | undefined;
  if (read.lockLedger) {
    // A simple-protocol message carries no parameters: the day is a literal of our own making.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
    const results = await simpleQueryIn(manager, `${read.lockLedger.locksBefore(day)}; ${nodesSql(`'${day}'`)}; ${LEDGER_LOCK_AND_HEAD}`);
    const [nodes, , head] = results.slice(-3);
    rows = nodes as NodeRow[];
    ledgerHead = (head?.[0] as LedgerHead | undefined) ?? null;
  } else {
    rows = await preparedQueryIn<NodeRow>(manager, `inventory.candidate-nodes${read.lockNodes ? '-locked' : ''}`, nodesSql('$1'), [day]);
  }
  const nodes = rows.map((n) => ({
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
  return { nodes, ledgerHead };
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
