import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { trellisError } from '../../../../shared/src/errors';
import { audited, type AuditTrail } from '../../../../shared/src/ledger/ledger';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { lockStockRows } from '../routing/candidate-nodes';
import { closeReservation } from '../routing/close-reservation';
import { newReservations } from '../routing/new-reservations';
import { promisedDeliveryDate, utcDay } from '../routing/delivery-date';
import { addUsage } from '../routing/node-usage';
import { infeasible, planOrder } from '../routing/plan-order';
import { ReservationEntity, RoutingDecisionEntity, RoutingExceptionEntity } from '../routing/routing.entities';
import type { RoutingOutcome } from '../routing/routing.model';
import type { RoutingServices } from '../routing/routing-services';
import { toRoutingPolicy } from '../routing/sourcing-policy';
import { SourcingPolicyEntity } from '../routing/routing.entities';
import { mergedPlan, rerouteScope, unavailability, type HeldReservation, type RerouteScope, type Unavailability } from './reroute-choice';

/** Which reservations of the order move: those on nodes that can no longer serve, and those on the nodes named. */
export interface RerouteRequest {
  decisionId: string;
  reason: string;
  /** Nodes a person wants the order off, besides the unavailable ones. */
  avoidNodeIds?: ReadonlySet<string>;
  /** When nothing is unavailable and no node is named: re-plan every active reservation (a person's reroute). */
  replanAllIfNothingUnavailable?: boolean;
  /** Service recovery: when no node can take the moved units, flag the order for a person instead of failing. */
  flagWhenInfeasible: boolean;
}

export type RerouteResult =
  | { kind: 'rerouted'; decision: RoutingDecisionEntity; previous: RoutingDecisionEntity }
  | { kind: 'exception'; exception: RoutingExceptionEntity }
  | { kind: 'nothing' };

class NothingToReroute extends Error {}
class Infeasible extends Error {
  constructor(
    readonly outcome: Extract<RoutingOutcome, { feasible: false }>,
    readonly scope: RerouteScope,
    readonly unavailable: Unavailability,
  ) {
    super('no feasible plan');
  }
}

/**
 * Moves an order off nodes that can no longer serve it (or that a person named), under the same
 * rules it was routed by: its brand's sourcing policy and operating model (or the running pilot
 * covering it), suspensions and exits, with the moved lines split across at most what the policy
 * still allows. In one transaction, with the locks of routeOrder: the decision, its reservations,
 * then the stock rows of the moved SKUs in the global (SKU, node) order, then the nodes FOR SHARE;
 * the moved reservations close as REROUTED, the new ones are reserved under the same guard against
 * overselling, the reservations the order keeps move to the new decision, the old decision is
 * superseded by the new one (linked both ways), and the ledger entry commits with it. A unit is
 * never reserved twice: the moved units are given back before any is taken again.
 *
 * When no node can take the moved units: for service recovery (`flagWhenInfeasible`) the order keeps
 * its reservations and is flagged as a routing exception for a person; for a person's reroute it is
 * refused (INSUFFICIENT_STOCK / NO_ELIGIBLE_NODE) and nothing changes.
 */
export async function rerouteDecision(dataSource: DataSource, services: RoutingServices, context: { audit: AuditTrail }, request: RerouteRequest): Promise<RerouteResult> {
  const first = await dataSource.getRepository(RoutingDecisionEntity).findOneBy({ id: request.decisionId });
  if (!first || first.supersededById) return { kind: 'nothing' };
  // Upstream facts before any lock: a refresh is a request to the gateway.
  const fulfillmentModel = await services.facts.fulfillmentModel(first.brandId).catch(() => {
    throw trellisError('SUBGRAPH_UNAVAILABLE', 'Cannot tell how the brand fulfils orders: the brands subgraph did not answer.', { serviceName: 'brands' });
  });
  const suspended = await services.facts.suspendedPartnerIds();
  const now = new Date();
  const exited = await services.facts.exitedPartnerIds(first.brandId, utcDay(now));

  try {
    return await audited(dataSource, context, async ({ manager, record }) => {
      const decision = await manager.findOne(RoutingDecisionEntity, { where: { id: request.decisionId }, lock: { mode: 'pessimistic_write' } });
      if (!decision || decision.supersededById) throw new NothingToReroute();
      const held = await heldReservations(manager, decision.id);
      const nodes = await manager.findBy(FulfillmentNodeEntity, { id: In([...new Set(held.map((r) => r.nodeId))]) });
      const why = new Map<string, Unavailability>();
      for (const n of nodes) {
        const u = unavailability(n, suspended, exited);
        if (u) why.set(n.id, u);
      }
      const moveOff = new Set([...why.keys(), ...(request.avoidNodeIds ?? [])]);
      if (moveOff.size === 0 && request.replanAllIfNothingUnavailable) for (const r of held) moveOff.add(r.nodeId);
      const policy = toRoutingPolicy(await manager.findOneBy(SourcingPolicyEntity, { brandId: decision.brandId }));
      const scope = rerouteScope(held, moveOff, policy.maxSplit);
      if (!scope) throw new NothingToReroute();
      const cause = scope.moving.map((r) => why.get(r.nodeId)).find((u) => u) ?? 'INACTIVE';

      await lockStockRows(manager, scope.lines.map((l) => l.skuId));
      for (const r of scope.moving) await closeReservation(manager, await reservationOf(manager, r.id), 'REROUTED', now);
      const planned = await planOrder(
        manager,
        services,
        { id: decision.brandId, slug: decision.brandId, fulfillmentModel },
        { lines: scope.lines, destinationRegion: decision.destinationRegion, promise: decision.promise, channel: decision.channel },
        now,
        true,
        { maxSplit: scope.maxSplit, avoidNodeIds: moveOff, alreadyLocked: true },
      );
      if (!planned.outcome.feasible) throw new Infeasible(planned.outcome, scope, cause);
      const { plan, candidates } = planned.outcome;

      const codes = new Map((await manager.find(FulfillmentNodeEntity)).map((n) => [n.id, n.code]));
      const allocations = mergedPlan(scope.keeping, plan.allocations, (id) => codes.get(id) ?? id);
      const usedNodes = new Set(allocations.map((a) => a.nodeId));
      const deliveryDays = Math.max(...candidates.filter((c) => usedNodes.has(c.nodeId)).map((c) => c.deliveryDays));
      const next = Object.assign(new RoutingDecisionEntity(), {
        ...decision,
        id: randomUUID(),
        candidates,
        plan: allocations,
        split: usedNodes.size > 1,
        deliveryDays,
        promisedDeliveryDate: promisedDeliveryDate(now, deliveryDays),
        fulfillmentModel,
        policy: planned.policy,
        actorSubject: context.audit.actor.subject,
        decidedAt: now,
        pilotId: planned.pilot?.id ?? null,
        trialModel: planned.pilot?.model ?? null,
        reroutedFromId: decision.id,
        supersededById: null,
        rerouteReason: request.reason,
      });
      // The old decision gives up being current before the new one takes its place (one current decision per order).
      await manager.update(RoutingDecisionEntity, { id: decision.id }, { supersededById: next.id });
      await manager.insert(RoutingDecisionEntity, next);
      if (scope.keeping.length > 0) await manager.update(ReservationEntity, { id: In(scope.keeping.map((r) => r.id)) }, { routingDecisionId: next.id });

      const created = newReservations(next.id, decision.brandId, plan.allocations, now, services.reservationTtlMinutes);
      for (const r of [...created].sort((a, b) => a.skuId.localeCompare(b.skuId) || a.nodeId.localeCompare(b.nodeId))) {
        const [, updated] = await manager.query(
          `UPDATE stock_position SET reserved = reserved + $3 WHERE sku_id = $1 AND node_id = $2 AND on_hand - reserved - safety_stock >= $3`,
          [r.skuId, r.nodeId, r.quantity],
        );
        if (updated !== 1) throw new Error(`stock of ${r.skuId} at ${r.nodeId} changed under a lock`);
      }
      await manager.insert(ReservationEntity, created);
      await addUsage(manager, created, now, +1);
      record({
        action: 'order.reroute',
        subject: { type: 'RoutingDecision', id: next.id, brandId: decision.brandId, capability: 'FULFILLMENT' },
        before: { decision: decision.id, plan: decision.plan },
        after: {
          orderRef: decision.orderRef,
          reroutedFrom: decision.id,
          movedOff: [...new Set(scope.moving.map((r) => codes.get(r.nodeId)))],
          cause: why.size > 0 ? cause : 'REQUESTED',
          plan: allocations,
          split: next.split,
          promisedDeliveryDate: next.promisedDeliveryDate,
          reservationsRerouted: scope.moving.map((r) => r.id),
          reservationsCreated: created.map((r) => r.id),
          ...(planned.pilot ? { pilot: planned.pilot.id, trialModel: planned.pilot.model } : {}),
        },
        reason: request.reason,
      });
      const open = await manager.findOne(RoutingExceptionEntity, { where: { routingDecisionId: decision.id, status: 'OPEN' }, lock: { mode: 'pessimistic_write' } });
      if (open) {
        const resolution = `Rerouted by decision ${next.id}`;
        await manager.update(RoutingExceptionEntity, { id: open.id }, { status: 'RESOLVED', resolvedAt: now, resolvedBy: context.audit.actor.subject, resolution });
        record({
          action: 'routing.exception.resolve',
          subject: { type: 'RoutingException', id: open.id, brandId: open.brandId, capability: 'FULFILLMENT' },
          before: { status: 'OPEN' },
          after: { status: 'RESOLVED', resolution },
          reason: request.reason,
        });
      }
      return { kind: 'rerouted' as const, decision: next, previous: { ...decision, supersededById: next.id } };
    });
  } catch (error) {
    if (error instanceof NothingToReroute) return { kind: 'nothing' };
    if (!(error instanceof Infeasible)) throw error;
    if (!request.flagWhenInfeasible) throw infeasible(error.outcome, first.orderRef);
    return flagException(dataSource, context, request, error);
  }
}

/**
 * The order cannot move: it keeps its reservations (on a node that cannot ship them) and waits as an
 * OPEN routing exception for a person — once per decision; the recovery sweep leaves it alone.
 */
async function flagException(dataSource: DataSource, context: { audit: AuditTrail }, request: RerouteRequest, failure: Infeasible): Promise<RerouteResult> {
  try {
    return await audited(dataSource, context, async ({ manager, record }) => {
      const decision = await manager.findOne(RoutingDecisionEntity, { where: { id: request.decisionId }, lock: { mode: 'pessimistic_write' } });
      if (!decision || decision.supersededById) throw new NothingToReroute();
      if (await manager.findOneBy(RoutingExceptionEntity, { routingDecisionId: decision.id, status: 'OPEN' })) throw new NothingToReroute();
      const exception = Object.assign(new RoutingExceptionEntity(), {
        id: randomUUID(),
        brandId: decision.brandId,
        routingDecisionId: decision.id,
        orderRef: decision.orderRef,
        reason: failure.outcome.reason,
        cause: failure.unavailable,
        nodeIds: [...new Set(failure.scope.moving.map((r) => r.nodeId))].sort(),
        lines: failure.scope.lines,
        status: 'OPEN' as const,
        openedAt: new Date(),
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
      });
      await manager.insert(RoutingExceptionEntity, exception);
      record({
        action: 'order.reroute.failed',
        subject: { type: 'RoutingException', id: exception.id, brandId: decision.brandId, capability: 'FULFILLMENT' },
        after: {
          orderRef: decision.orderRef,
          routingDecision: decision.id,
          reason: exception.reason,
          cause: exception.cause,
          lines: exception.lines,
          candidates: failure.outcome.candidates.map((c) => ({ node: c.nodeCode, excludedBy: c.excludedBy })),
        },
        reason: `${request.reason}: no node can take the order under its rules; a person decides`,
      });
      return { kind: 'exception' as const, exception };
    });
  } catch (error) {
    if (error instanceof NothingToReroute || (error as { code?: string }).code === '23505') return { kind: 'nothing' };
    throw error;
  }
}

/** The order's reservations that still count: ACTIVE ones locked (they may move), COMMITTED ones (shipped, they stay). */
async function heldReservations(manager: EntityManager, decisionId: string): Promise<HeldReservation[]> {
  const active = await manager
    .getRepository(ReservationEntity)
    .createQueryBuilder('r')
    .where("r.routing_decision_id = :decisionId AND r.status = 'ACTIVE'", { decisionId })
    .orderBy('r.id')
    .setLock('pessimistic_write')
    .getMany();
  const shipped = await manager.findBy(ReservationEntity, { routingDecisionId: decisionId, status: 'COMMITTED' });
  return [...active, ...shipped].map((r) => ({ id: r.id, nodeId: r.nodeId, skuId: r.skuId, quantity: r.quantity, status: r.status as HeldReservation['status'] }));
}

async function reservationOf(manager: EntityManager, id: string): Promise<ReservationEntity> {
  return manager.findOneByOrFail(ReservationEntity, { id });
}
