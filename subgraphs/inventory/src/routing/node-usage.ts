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
