import type { EntityManager } from 'typeorm';
import { utcDay } from './delivery-date';

/**
 * Adds (sign +1) or gives back (−1) the units of reservations to their nodes' usage on a day, node
 * by node in a fixed order; usage never goes below 0.
 */
export async function addUsage(manager: EntityManager, reservations: readonly { nodeId: string; quantity: number }[], day: Date, sign: 1 | -1): Promise<void> {
  const perNode = new Map<string, number>();
  for (const r of reservations) perNode.set(r.nodeId, (perNode.get(r.nodeId) ?? 0) + r.quantity);
  for (const [nodeId, units] of [...perNode].sort(([a], [b]) => a.localeCompare(b))) {
    await manager.query(
      `INSERT INTO node_daily_usage (node_id, day, units) VALUES ($1, $2, GREATEST($3, 0))
       ON CONFLICT (node_id, day) DO UPDATE SET units = GREATEST(node_daily_usage.units + $3, 0)`,
      [nodeId, utcDay(day), sign * units],
    );
  }
}

/**
 * Statements that lock every node's usage row of `day` (a literal `YYYY-MM-DD`, checked by the
 * caller), in the global (day, node) order, for a writer about to add to some of them: a missing
 * row is made first (DO NOTHING waits for a writer still inserting it) so it can be locked too.
 */
export function lockTodaysUsage(day: string): string {
  return `INSERT INTO node_daily_usage (node_id, day, units) SELECT id, '${day}'::date, 0 FROM fulfillment_node ORDER BY id
      ON CONFLICT (node_id, day) DO NOTHING;
    SELECT 1 FROM node_daily_usage WHERE day = '${day}'::date ORDER BY node_id FOR UPDATE`;
}
