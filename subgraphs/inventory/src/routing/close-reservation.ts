import type { EntityManager } from 'typeorm';
import { addUsage } from './node-usage';
import { ReservationEntity } from './routing.entities';

export type Closing = 'COMMITTED' | 'RELEASED' | 'EXPIRED' | 'REROUTED';

/**
 * Closes one reservation inside the caller's transaction: shipped (COMMITTED: on hand and reserved
 * go down, and on hand counts as confirmed now) or not (released, expired, or moved to another node
 * by a reroute: reserved goes down, and the node's capacity that day is given back).
 */
export async function closeReservation(manager: EntityManager, reservation: ReservationEntity, status: Closing, now: Date): Promise<ReservationEntity> {
  const shipped = status === 'COMMITTED';
  await manager.query(
    `UPDATE stock_position SET reserved = reserved - $3 ${shipped ? ', on_hand = on_hand - $3, updated_at = now()' : ''} WHERE sku_id = $1 AND node_id = $2`,
    [reservation.skuId, reservation.nodeId, reservation.quantity],
  );
  if (!shipped) await addUsage(manager, [reservation], reservation.createdAt, -1);
  await manager.update(ReservationEntity, { id: reservation.id }, { status, closedAt: now });
  return { ...reservation, status, closedAt: now };
}
