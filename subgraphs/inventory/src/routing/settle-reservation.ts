import type { DataSource, EntityManager } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { forbiddenBrandError, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { closeReservation } from './close-reservation';
import { ReservationEntity } from './routing.entities';

async function activeReservation(manager: EntityManager, context: AuditContext, id: string): Promise<ReservationEntity> {
  const reservationId = requireUuid('id', id);
  const reservation = await manager.findOne(ReservationEntity, { where: { id: reservationId }, lock: { mode: 'pessimistic_write' } });
  if (!reservation) throw notFound(`Reservation ${reservationId}`);
  if (!mayAccessBrandId(context.principal, reservation.brandId)) throw forbiddenBrandError('This reservation');
  if (reservation.status !== 'ACTIVE') {
    throw trellisError('RESERVATION_NOT_ACTIVE', `Reservation ${reservationId} is ${reservation.status}; only an ACTIVE reservation can be committed or released.`, {
      status: reservation.status,
    });
  }
  return reservation;
}

/** Commits (shipped) or releases (cancelled) an active reservation, with its ledger entry. */
export async function settleReservation(
  dataSource: DataSource,
  context: AuditContext,
  input: { id: string; reason: string },
  status: 'COMMITTED' | 'RELEASED',
): Promise<ReservationEntity> {
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const reservation = await activeReservation(manager, context, input.id);
    // Lock order as everywhere: the stock row before the ledger.
    await manager.query('SELECT 1 FROM stock_position WHERE sku_id = $1 AND node_id = $2 FOR UPDATE', [reservation.skuId, reservation.nodeId]);
    const closed = await closeReservation(manager, reservation, status, new Date());
    record({
      subject: { type: 'Reservation', id: reservation.id, brandId: reservation.brandId, capability: 'FULFILLMENT' },
      before: { status: 'ACTIVE' },
      after: { status, quantity: reservation.quantity, skuId: reservation.skuId, nodeId: reservation.nodeId },
      reason,
    });
    return closed;
  });
}
