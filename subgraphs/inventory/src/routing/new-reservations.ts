import { randomUUID } from 'node:crypto';
import type { Allocation } from './routing.model';
import { ReservationEntity } from './routing.entities';

/** The ACTIVE reservations a routing decision makes for its plan's allocations, expiring after the reservation TTL. */
export function newReservations(decisionId: string, brandId: string, allocations: readonly Allocation[], now: Date, ttlMinutes: number): ReservationEntity[] {
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
  return allocations.map((a) =>
    Object.assign(new ReservationEntity(), {
      id: randomUUID(),
      routingDecisionId: decisionId,
      brandId,
      skuId: a.skuId,
      nodeId: a.nodeId,
      quantity: a.quantity,
      status: 'ACTIVE' as const,
      createdAt: now,
      expiresAt,
      closedAt: null,
    }),
  );
}
