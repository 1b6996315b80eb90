import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { badInput } from '../../../../shared/src/errors';
import { insertAsJsonSql } from '../../../../shared/src/db/insert-as-json';
import { preparedQueryIn, statementName } from '../../../../shared/src/db/prepared-query';
import { LedgerEntryEntity } from '../../../../shared/src/ledger/ledger-entry.entity';
import { audited, type AuditContext, type LedgerRecord } from '../../../../shared/src/ledger/ledger';
import { promisedDeliveryDate } from './delivery-date';
import { utcDay } from './delivery-date';
import { channelOf, infeasible, planOrder, type OrderToPlan, type PlannedOrder } from './plan-order';
import { newReservations } from './new-reservations';
import { resolveBrand, type BrandFacts } from './resolve-brand';
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
  const orderRef = orderRefOf(input.orderRef);
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
      const routed = routedOrder(context, brand, { ...input, orderRef, channel }, planned, now, services.reservationTtlMinutes);
      await reserve(manager, [routed], now);
      record(routed.entry);
      return routed.decision;
    });
    return { decision, replayed: false };
  } catch (error) {
    if (!isConflict(error)) throw error;
    return { decision: (await current())!, replayed: true };
  }
}

/** A decision's INSERT met routing_decision_current: another request for the same order won. */
export function isConflict(error: unknown): boolean {
  // TypeORM's QueryFailedError carries pg's fields (code, constraint) as its own.
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === 'routing_decision_current';
}

/** An order reference as stored: trimmed, 1–100 characters. */
export function orderRefOf(orderRef: string | undefined): string {
  const trimmed = orderRef?.trim();
  if (!trimmed || trimmed.length > 100) throw badInput('orderRef', 'give the order’s reference (1–100 characters); it makes routing idempotent.');
  return trimmed;
}

/** A routed order: its decision, the reservations it makes, and the ledger entry that records it. */
export interface RoutedOrder {
  decision: RoutingDecisionEntity;
  reservations: ReservationEntity[];
  entry: Omit<LedgerRecord, 'action'>;
}

/** The decision, reservations and ledger entry of an order whose plan is feasible. */
export function routedOrder(
  context: Pick<AuditContext, 'principal'>,
  brand: BrandFacts,
  input: OrderToPlan & { orderRef: string; channel: string | null },
  planned: PlannedOrder,
  now: Date,
  reservationTtlMinutes: number,
): RoutedOrder {
  if (!planned.outcome.feasible) throw new Error('only a feasible plan is routed');
  const { plan: chosen, candidates } = planned.outcome;
  const { orderRef } = input;
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
    channel: input.channel,
    pilotId: planned.pilot?.id ?? null,
    trialModel: planned.pilot?.model ?? null,
    reroutedFromId: null,
    supersededById: null,
    rerouteReason: null,
  });
  const reservations = newReservations(decision.id, brand.id, chosen.allocations, now, reservationTtlMinutes);
  const entry = {
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
  };
  return { decision, reservations, entry };
}

/**
 * Stores the decisions, takes the reserved units from stock, stores the reservations and adds the
 * units to their nodes' usage today — one statement, so the stock rows (locked by the plan) are
 * held for one round trip instead of one per step, order, line and node. A concurrent request for
 * one of the orders that won makes its decision's INSERT fail with 23505. The stock condition is
 * the last guard against overselling (on the units all the orders take from a position, summed):
 * the rows are locked, so it cannot fail, and if it did every order is refused.
 */
export async function reserve(
  manager: EntityManager,
  orders: readonly Pick<RoutedOrder, 'decision' | 'reservations'>[],
  now: Date,
  /** Ledger rows to append in the same statement (chained on a head read under the append lock). */
  ledger: readonly LedgerEntryEntity[] = [],
): Promise<void> {
  for (const { reservations } of orders) {
    if (new Set(reservations.map((r) => `${r.skuId}/${r.nodeId}`)).size !== reservations.length) throw new Error('a plan reserves one SKU at one node twice');
  }
  const reservations = orders.flatMap((o) => o.reservations).sort((a, b) => a.skuId.localeCompare(b.skuId) || a.nodeId.localeCompare(b.nodeId));
  const decisions = orders.map((o) => o.decision);
  const insertDecisions = insertAsJsonSql(manager, RoutingDecisionEntity, decisions, 10);
  const insertLedger = ledger.length ? insertAsJsonSql(manager, LedgerEntryEntity, ledger, 11) : undefined;
  const appendLedger = insertLedger ? `, l AS (${insertLedger.sql})` : '';
  const [first] = reservations;
  const positions = new Set(reservations.map((r) => `${r.skuId}/${r.nodeId}`)).size;
  const text = `WITH d AS (${insertDecisions.sql}),
          x AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::uuid[]) AS x(id, sku_id, node_id, quantity, decision_id, brand_id)),
          taken AS (SELECT sku_id, node_id, sum(quantity)::int AS quantity FROM x GROUP BY sku_id, node_id),
          s AS (UPDATE stock_position sp SET reserved = sp.reserved + taken.quantity FROM taken
                 WHERE sp.sku_id = taken.sku_id AND sp.node_id = taken.node_id AND sp.on_hand - sp.reserved - sp.safety_stock >= taken.quantity
                RETURNING 1),
          r AS (INSERT INTO reservation (id, routing_decision_id, brand_id, sku_id, node_id, quantity, status, created_at, expires_at, closed_at)
                SELECT x.id, x.decision_id, x.brand_id, x.sku_id, x.node_id, x.quantity, 'ACTIVE', $7::timestamptz, $8::timestamptz, NULL FROM x),
          u AS (INSERT INTO node_daily_usage (node_id, day, units)
                SELECT node_id, $9::date, sum(quantity) FROM x GROUP BY node_id ORDER BY node_id
                ON CONFLICT (node_id, day) DO UPDATE SET units = GREATEST(node_daily_usage.units + EXCLUDED.units, 0))${appendLedger}
     SELECT count(*)::int AS updated FROM s`;
  // Prepared once per connection: planning this statement cost PostgreSQL more than running it. Its
  // text follows the columns the rows set, so each text has its own name.
  const [{ updated }] = await preparedQueryIn<{ updated: number }>(manager, statementName('inventory.reserve', text), text, [
    reservations.map((r) => r.id),
    reservations.map((r) => r.skuId),
    reservations.map((r) => r.nodeId),
    reservations.map((r) => r.quantity),
    reservations.map((r) => r.routingDecisionId),
    reservations.map((r) => r.brandId),
    first?.createdAt ?? now,
    first?.expiresAt ?? now,
    utcDay(now),
    insertDecisions.json,
    ...(insertLedger ? [insertLedger.json] : []),
  ]);
  if (updated !== positions) throw new Error(`stock of ${positions - updated} position(s) changed under a lock`);
}
