import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { badInput } from '../../../../shared/src/errors';
import { insertAsJsonSql } from '../../../../shared/src/db/insert-as-json';
import { audited, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { promisedDeliveryDate } from './delivery-date';
import { utcDay } from './delivery-date';
import { channelOf, infeasible, planOrder, type OrderToPlan } from './plan-order';
import { newReservations } from './new-reservations';
import { resolveBrand } from './resolve-brand';
import { ReservationEntity, RoutingDecisionEntity } from './routing.entities';
import type { RoutingServices } from './routing-services';


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
      // Another request for the same order may have won while we waited for the locks: then the
      // decision's INSERT below violates routing_decision_current (23505), and it is a replay.
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

      const reservations = newReservations(decision.id, brand.id, chosen.allocations, now, services.reservationTtlMinutes);
      await reserve(manager, decision, reservations, now);
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
    const replay = (error as { code?: string }).code === '23505';
    if (!replay) throw error;
    return { decision: (await current())!, replayed: true };
  }
}

/**
 * Stores the decision, takes the reserved units from stock, stores the reservations and adds the
 * units to their nodes' usage today — one statement, so the stock rows (locked by the plan) are
 * held for one round trip instead of one per step, line and node. A concurrent request for the
 * same order that won makes the decision's INSERT fail with 23505 (a replay). The stock condition is the last guard against overselling: the rows
 * are locked, so it cannot fail, and if it did the whole order is refused.
 */
async function reserve(manager: EntityManager, decision: RoutingDecisionEntity, reservations: readonly ReservationEntity[], now: Date): Promise<void> {
  const sorted = [...reservations].sort((a, b) => a.skuId.localeCompare(b.skuId) || a.nodeId.localeCompare(b.nodeId));
  if (new Set(sorted.map((r) => `${r.skuId}/${r.nodeId}`)).size !== sorted.length) throw new Error('a plan reserves one SKU at one node twice');
  const [first] = sorted;
  const insertDecision = insertAsJsonSql(manager, RoutingDecisionEntity, [decision], 10);
  if (!first) return void (await manager.query(insertDecision.sql, [insertDecision.json]));
  const [{ updated }] = (await manager.query(
    `WITH d AS (${insertDecision.sql}),
          x AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[]) AS x(id, sku_id, node_id, quantity)),
          s AS (UPDATE stock_position sp SET reserved = sp.reserved + x.quantity FROM x
                 WHERE sp.sku_id = x.sku_id AND sp.node_id = x.node_id AND sp.on_hand - sp.reserved - sp.safety_stock >= x.quantity
                RETURNING 1),
          r AS (INSERT INTO reservation (id, routing_decision_id, brand_id, sku_id, node_id, quantity, status, created_at, expires_at, closed_at)
                SELECT x.id, $5::uuid, $6::uuid, x.sku_id, x.node_id, x.quantity, 'ACTIVE', $7::timestamptz, $8::timestamptz, NULL FROM x),
          u AS (INSERT INTO node_daily_usage (node_id, day, units)
                SELECT node_id, $9::date, sum(quantity) FROM x GROUP BY node_id ORDER BY node_id
                ON CONFLICT (node_id, day) DO UPDATE SET units = GREATEST(node_daily_usage.units + EXCLUDED.units, 0))
     SELECT count(*)::int AS updated FROM s`,
    [
      sorted.map((r) => r.id),
      sorted.map((r) => r.skuId),
      sorted.map((r) => r.nodeId),
      sorted.map((r) => r.quantity),
      first.routingDecisionId,
      first.brandId,
      first.createdAt,
      first.expiresAt,
      utcDay(now),
      insertDecision.json,
    ],
  )) as { updated: number }[];
  if (updated !== sorted.length) throw new Error(`stock of ${sorted.length - updated} reservation(s) changed under a lock`);
}
