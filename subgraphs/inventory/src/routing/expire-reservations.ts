import type { DataSource } from 'typeorm';
import { appendEntries, type LedgerActor } from '../../../../shared/src/ledger/ledger';
import { closeReservation } from './close-reservation';
import { ReservationEntity } from './routing.entities';

export const EXPIRY_ACTOR: LedgerActor = { subject: 'system:reservation-expiry', roles: [], onBehalfOf: null };

/**
 * Releases active reservations past their time (up to `batch`), as the expiry process, with a
 * ledger entry each, in one transaction. Reservations another sweep holds are skipped, so two
 * sweeps never release one twice.
 */
export async function expireReservations(dataSource: DataSource, now = new Date(), batch = 200): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const due = await manager
      .getRepository(ReservationEntity)
      .createQueryBuilder('r')
      .where("r.status = 'ACTIVE' AND r.expires_at <= :now", { now })
      .orderBy('r.sku_id')
      .addOrderBy('r.node_id')
      .limit(batch)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    for (const reservation of due) await closeReservation(manager, reservation, 'EXPIRED', now);
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
