import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { badInput } from '../../../../shared/src/errors';
import { audited, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { promisedDeliveryDate } from './delivery-date';
import { addUsage } from './node-usage';
import { channelOf, infeasible, planOrder, type OrderToPlan } from './plan-order';
import { resolveBrand } from './resolve-brand';
import { ReservationEntity, RoutingDecisionEntity } from './routing.entities';
import type { RoutingServices } from './routing-services';

class AlreadyRouted extends Error {
  constructor(readonly decisionId: string) {
    super('already routed');
  }
}

/**
 * Routes an order and reserves its stock atomically. The stock rows of the order's SKUs are locked
 * (in a fixed order, so concurrent orders queue rather than deadlock) before the plan is made, so
 * the plan is made on stock nobody else can take; the reservations, the decision and its ledger
 * entry commit together. The same order reference returns the order's current decision (the first,
 * unless service recovery or a person rerouted it since) and reserves nothing.
 */
export async function routeOrder(
  dataSource: DataSource,
  services: RoutingServices,
  context: AuditContext,
  input: OrderToPlan & { brand: string; orderRef: string },
): Promise<{ decision: RoutingDecisionEntity; replayed: boolean }> {
  const orderRef = input.orderRef?.trim();
  if (!orderRef || orderRef.length > 100) throw badInput('orderRef', 'give the order’s reference (1–100 characters); it makes routing idempotent.');
  const channel = channelOf(input.channel);
  const brand = await resolveBrand(services, context, input.brand);
  const decisions = dataSource.getRepository(RoutingDecisionEntity);
  const current = () => decisions.findOneBy({ brandId: brand.id, orderRef, supersededById: IsNull() });
  const first = await current();
  if (first) return { decision: first, replayed: true };
  try {
    const decision = await audited(dataSource, context, async ({ manager, record }) => {
      const now = new Date();
      const planned = await planOrder(manager, services, brand, input, now, true);
      // Another request for the same order may have won while we waited for the locks.
      const winner = await manager.findOneBy(RoutingDecisionEntity, { brandId: brand.id, orderRef, supersededById: IsNull() });
      if (winner) throw new AlreadyRouted(winner.id);
      if (!planned.outcome.feasible) throw infeasible(planned.outcome, orderRef);
      const { plan: chosen, candidates } = planned.outcome;

      const decision = Object.assign(new RoutingDecisionEntity(), {
        id: randomUUID(),
        brandId: brand.id,
        orderRef,
        destinationRegion: input.destinationRegion.trim(),
        promise: input.promise,
        lines: planned.lines.map(({ skuId, quantity }) => ({ skuId, quantity })),
        candidates,
        plan: chosen.allocations,
        split: chosen.split,
        deliveryDays: chosen.deliveryDays,
        promisedDeliveryDate: promisedDeliveryDate(now, chosen.deliveryDays),
        fulfillmentModel: brand.fulfillmentModel,
        policy: planned.policy,
        actorSubject: context.principal.sub,
        decidedAt: now,
        channel,
        pilotId: planned.pilot?.id ?? null,
        trialModel: planned.pilot?.model ?? null,
        reroutedFromId: null,
        supersededById: null,
        rerouteReason: null,
      });
      await manager.insert(RoutingDecisionEntity, decision);

      const expiresAt = new Date(now.getTime() + services.reservationTtlMinutes * 60_000);
      const reservations = chosen.allocations.map((a) =>
        Object.assign(new ReservationEntity(), {
          id: randomUUID(),
          routingDecisionId: decision.id,
          brandId: brand.id,
          skuId: a.skuId,
          nodeId: a.nodeId,
          quantity: a.quantity,
          status: 'ACTIVE' as const,
          createdAt: now,
          expiresAt,
          closedAt: null,
        }),
      );
      for (const r of [...reservations].sort((a, b) => a.skuId.localeCompare(b.skuId) || a.nodeId.localeCompare(b.nodeId))) {
        // The rows are locked, so this cannot fail; the condition is the last guard against overselling.
        const [, updated] = await manager.query(
          `UPDATE stock_position SET reserved = reserved + $3
            WHERE sku_id = $1 AND node_id = $2 AND on_hand - reserved - safety_stock >= $3`,
          [r.skuId, r.nodeId, r.quantity],
        );
        if (updated !== 1) throw new Error(`stock of ${r.skuId} at ${r.nodeId} changed under a lock`);
      }
      await manager.insert(ReservationEntity, reservations);
      await addUsage(manager, reservations, now, +1);
      record({
        subject: { type: 'RoutingDecision', id: decision.id, brandId: brand.id, capability: 'FULFILLMENT' },
        after: {
          orderRef,
          plan: chosen.allocations,
          split: chosen.split,
          promisedDeliveryDate: decision.promisedDeliveryDate,
          fulfillmentModel: brand.fulfillmentModel,
          ...(planned.pilot ? { pilot: planned.pilot.id, trialModel: planned.pilot.model } : {}),
          reservations: reservations.map((r) => r.id),
        },
        reason: planned.pilot
          ? `Order ${orderRef} routed under pilot ${planned.pilot.id} (${planned.pilot.model} on trial) by the ${brand.slug} sourcing policy`
          : `Order ${orderRef} routed by the ${brand.slug} sourcing policy`,
      });
      return decision;
    });
    return { decision, replayed: false };
  } catch (error) {
    const replay = error instanceof AlreadyRouted || (error as { code?: string }).code === '23505';
    if (!replay) throw error;
    return { decision: (await current())!, replayed: true };
  }
}
