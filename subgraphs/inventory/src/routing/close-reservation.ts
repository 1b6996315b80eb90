import { In, type EntityManager } from 'typeorm';
import { closingOrder } from './closing-order';
import { addUsage } from './node-usage';
import { ReservationEntity } from './routing.entities';

export type Closing = 'COMMITTED' | 'RELEASED' | 'EXPIRED';

/**
 * Closes reservations inside the caller's transaction: shipped (COMMITTED: on hand and reserved go
 * down) or not (reserved goes down, and the nodes' capacity on the days they were made is given
 * back). Rows are touched in `closingOrder` — stock positions by (SKU, node), then usage by (day,
 * node) — the order routing keeps, so closing and routing queue for each other, never deadlock.
 * The caller holds the reservations' own rows locked and appends the ledger entries last.
 */
export async function closeReservations(manager: EntityManager, reservations: readonly ReservationEntity[], status: Closing, now: Date): Promise<ReservationEntity[]> {
  if (reservations.length === 0) return [];
  const shipped = status === 'COMMITTED';
  const { positions, usageDays } = closingOrder(reservations);
  for (const reservation of positions) {
    await manager.query(
      `UPDATE stock_position SET reserved = reserved - $3 ${shipped ? ', on_hand = on_hand - $3' : ''} WHERE sku_id = $1 AND node_id = $2`,
      [reservation.skuId, reservation.nodeId, reservation.quantity],
    );
  }
  if (!shipped) for (const { reservations: ofDay } of usageDays) await addUsage(manager, ofDay, ofDay[0]!.createdAt, -1);
  await manager.update(ReservationEntity, { id: In(reservations.map((r) => r.id)) }, { status, closedAt: now });
  return reservations.map((r) => ({ ...r, status, closedAt: now }));
}

/** Closes one reservation (see `closeReservations`). */
export async function closeReservation(manager: EntityManager, reservation: ReservationEntity, status: Closing, now: Date): Promise<ReservationEntity> {
  const [closed] = await closeReservations(manager, [reservation], status, now);
  return closed!;
}
