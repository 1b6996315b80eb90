import type { DataSource } from 'typeorm';
import { appendEntries, type LedgerActor } from '../../../../shared/src/ledger/ledger';
import { closeReservations } from './close-reservation';
import { ReservationEntity } from './routing.entities';

export const EXPIRY_ACTOR: LedgerActor = { subject: 'system:reservation-expiry', roles: [], onBehalfOf: null };

/** How many reservations one sweep transaction releases at most. */
export const EXPIRY_BATCH = 200;

/**
 * Releases active reservations past their time (up to `batch`), as the expiry process, with a
 * ledger entry each, in one transaction: stock, usage, status and entries commit together or not
 * at all. Safe on several instances at once and after a crash:
 * - the due reservations are locked, and those another sweep (or a person committing or releasing
 *   one) holds are skipped (`FOR UPDATE SKIP LOCKED`); a row changed meanwhile is judged again as
 *   it now is, so an already closed reservation is never released twice;
 * - a sweep that dies (process killed, connection lost) rolls back whole, and the next one finds
 *   the same work still due — nothing is done twice, nothing is lost;
 * - rows are touched in the order routing keeps (`closeReservations`), so it never deadlocks with
 *   orders being routed.
 */
export async function expireReservations(dataSource: DataSource, now = new Date(), batch = EXPIRY_BATCH): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const due = await manager
      .getRepository(ReservationEntity)
      .createQueryBuilder('r')
      .where("r.status = 'ACTIVE' AND r.expires_at <= :now", { now })
      .orderBy('r.sku_id')
      .addOrderBy('r.node_id')
      .addOrderBy('r.id')
      .limit(batch)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    await closeReservations(manager, due, 'EXPIRED', now);
    await appendEntries(
      manager,
      EXPIRY_ACTOR,
      null,
      due.map((r) => ({
        action: 'reservation.expire',
        subject: { type: 'Reservation', id: r.id, brandId: r.brandId, capability: 'FULFILLMENT' },
        before: { status: 'ACTIVE' },
        after: { status: 'EXPIRED', quantity: r.quantity },
        reason: `Held past ${r.expiresAt.toISOString()} without being shipped`,
      })),
    );
    return due.length;
  });
}

/** Sweeps batch after batch until a batch comes back short: everything due now, each batch its own transaction. */
export async function expireAllDue(dataSource: DataSource, now = new Date(), batch = EXPIRY_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const released = await expireReservations(dataSource, now, batch);
    total += released;
    if (released < batch) return total;
  }
}
