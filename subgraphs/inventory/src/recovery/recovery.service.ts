import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { badInput, forbiddenBrandError, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { audited, AuditTrail, requireReason, type AuditContext, type LedgerActor } from '../../../../shared/src/ledger/ledger';
import { requireBrandId } from '../../../../shared/src/subgraph/brand-of-input';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { utcDay } from '../routing/delivery-date';
import { RoutingDecisionEntity, RoutingExceptionEntity } from '../routing/routing.entities';
import type { RoutingServices } from '../routing/routing-services';
import { unavailability } from './reroute-choice';
import { rerouteDecision, type RerouteResult } from './reroute-order';

/** Who the ledger names for what the recovery sweep moves on its own schedule. */
export const RECOVERY_ACTOR: LedgerActor = { subject: 'system:service-recovery', roles: [], onBehalfOf: null };

export interface RecoveryOutcome {
  rerouted: RoutingDecisionEntity[];
  exceptions: RoutingExceptionEntity[];
}

function collect(results: RerouteResult[]): RecoveryOutcome {
  return {
    rerouted: results.flatMap((r) => (r.kind === 'rerouted' ? [r.decision] : [])),
    exceptions: results.flatMap((r) => (r.kind === 'exception' ? [r.exception] : [])),
  };
}

/** Current decisions holding ACTIVE reservations on a node, oldest first. */
async function decisionsOnNode(dataSource: DataSource, nodeId: string): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `SELECT d.id FROM routing_decision d
      WHERE d.superseded_by_id IS NULL
        AND EXISTS (SELECT 1 FROM reservation r WHERE r.routing_decision_id = d.id AND r.node_id = $1 AND r.status = 'ACTIVE')
      ORDER BY d.decided_at, d.id`,
    [nodeId],
  );
  return rows.map((r) => r.id);
}

/** Reroutes, one order per transaction, every order with open reservations on the node. */
async function recoverNode(dataSource: DataSource, services: RoutingServices, context: { audit: AuditTrail }, nodeId: string, reason: string): Promise<RecoveryOutcome> {
  const results: RerouteResult[] = [];
  for (const decisionId of await decisionsOnNode(dataSource, nodeId)) {
    results.push(await rerouteDecision(dataSource, services, context, { decisionId, reason, flagWhenInfeasible: true }));
  }
  return collect(results);
}

/**
 * Turns a node on or off. Off: first the node (its row lock waits for every routing transaction that
 * read it as active — they read nodes FOR SHARE — so none commits a reservation on it afterwards),
 * then every open reservation on it is rerouted under the same rules, or flagged for a person.
 * On again: routing exceptions that waited only for this node are resolved (the orders ship as routed).
 */
export async function setNodeActive(
  dataSource: DataSource,
  services: RoutingServices,
  context: AuditContext,
  input: { nodeId: string; active: boolean; reason: string },
): Promise<{ node: FulfillmentNodeEntity } & RecoveryOutcome> {
  const nodeId = requireUuid('nodeId', input.nodeId);
  const reason = requireReason(input.reason);
  const node = await audited(dataSource, context, async ({ manager, record }) => {
    const found = await manager.findOne(FulfillmentNodeEntity, { where: { id: nodeId }, lock: { mode: 'pessimistic_write' } });
    if (!found) throw notFound(`Fulfillment node ${nodeId}`);
    if (found.active === input.active) throw trellisError('NO_CHANGE', `${found.code} is already ${input.active ? 'active' : 'inactive'}; nothing to change.`);
    await manager.update(FulfillmentNodeEntity, { id: nodeId }, { active: input.active });
    record({ subject: { type: 'FulfillmentNode', id: nodeId }, before: { active: found.active }, after: { active: input.active }, reason });
    if (input.active) {
      const waiting = await manager
        .getRepository(RoutingExceptionEntity)
        .createQueryBuilder('x')
        .where("x.status = 'OPEN' AND x.cause = 'INACTIVE' AND :nodeId = ANY(x.node_ids)", { nodeId })
        .andWhere("NOT EXISTS (SELECT 1 FROM fulfillment_node n WHERE n.id = ANY(x.node_ids) AND NOT n.active AND n.id <> :nodeId)", { nodeId })
        .setLock('pessimistic_write')
        .getMany();
      const resolution = `${found.code} is active again: the order ships as routed`;
      for (const x of waiting) {
        await manager.update(RoutingExceptionEntity, { id: x.id }, { status: 'RESOLVED', resolvedAt: new Date(), resolvedBy: context.principal.sub, resolution });
        record({
          action: 'routing.exception.resolve',
          subject: { type: 'RoutingException', id: x.id, brandId: x.brandId, capability: 'FULFILLMENT' },
          before: { status: 'OPEN' },
          after: { status: 'RESOLVED', resolution },
          reason,
        });
      }
    }
    return { ...found, active: input.active };
  });
  if (input.active) return { node, rerouted: [], exceptions: [] };
  return { node, ...(await recoverNode(dataSource, services, context, nodeId, `${node.code} deactivated: ${reason}`)) };
}

/**
 * A person moves an order: off the nodes named (`avoidNodeIds`) and any that can no longer serve it;
 * with neither, the whole order is planned again under its rules. The order is the current decision
 * of `orderRef` for the caller's brands (`brand` names one when several brands use the reference).
 */
export async function rerouteOrder(
  dataSource: DataSource,
  services: RoutingServices,
  context: AuditContext,
  input: { orderRef: string; reason: string; brand?: string | null; avoidNodeIds?: string[] | null },
): Promise<RoutingDecisionEntity> {
  const reason = requireReason(input.reason);
  const orderRef = input.orderRef?.trim();
  if (!orderRef) throw badInput('orderRef', 'name the order to reroute.');
  const avoid = new Set((input.avoidNodeIds ?? []).map((id, i) => requireUuid(`avoidNodes[${i}]`, id)));
  const brandId = input.brand ? await requireBrandId(services.brands, context.principal, input.brand) : null;
  const found = await dataSource.getRepository(RoutingDecisionEntity).findBy({ orderRef, supersededById: IsNull(), ...(brandId ? { brandId } : {}) });
  const mine = found.filter((d) => mayAccessBrandId(context.principal, d.brandId));
  if (mine.length === 0) throw found.length > 0 ? forbiddenBrandError(`Order ${orderRef}`) : notFound(`Order ${orderRef}`);
  if (mine.length > 1) throw badInput('brand', `several of your brands have an order ${orderRef}; name the brand.`);
  const result = await rerouteDecision(dataSource, services, context, {
    decisionId: mine[0]!.id,
    reason,
    avoidNodeIds: avoid,
    replanAllIfNothingUnavailable: avoid.size === 0,
    flagWhenInfeasible: false,
  });
  if (result.kind !== 'rerouted') {
    throw trellisError('NO_OPEN_RESERVATIONS', `Order ${orderRef} holds no open reservation on the nodes to move off: nothing to reroute.`);
  }
  return result.decision;
}

/**
 * The recovery sweep: every current order with open reservations on a node that can no longer ship
 * the brand's orders — inactive, run by a suspended partner, or by a partner the brand has left —
 * and no open routing exception, rerouted or flagged, one order per transaction. Asks upstream for
 * facts only when some open reservation sits on a partner-run node.
 */
export async function recoverOpenOrders(dataSource: DataSource, services: RoutingServices, context: { audit: AuditTrail }, reason: string): Promise<RecoveryOutcome> {
  const rows: { decision_id: string; brand_id: string; node_id: string; active: boolean; operator_partner_id: string | null }[] = await dataSource.query(
    `SELECT DISTINCT r.routing_decision_id AS decision_id, r.brand_id, n.id AS node_id, n.active, n.operator_partner_id
       FROM reservation r JOIN fulfillment_node n ON n.id = r.node_id JOIN routing_decision d ON d.id = r.routing_decision_id
      WHERE r.status = 'ACTIVE' AND d.superseded_by_id IS NULL AND (NOT n.active OR n.operator_partner_id IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM routing_exception x WHERE x.routing_decision_id = d.id AND x.status = 'OPEN')
      ORDER BY r.routing_decision_id`,
  );
  if (rows.length === 0) return { rerouted: [], exceptions: [] };
  const suspended = rows.some((r) => r.operator_partner_id) ? await services.facts.suspendedPartnerIds() : new Set<string>();
  const today = utcDay(new Date());
  const exits = new Map<string, Set<string>>();
  const due: string[] = [];
  for (const row of rows) {
    if (!exits.has(row.brand_id)) exits.set(row.brand_id, row.operator_partner_id ? await services.facts.exitedPartnerIds(row.brand_id, today) : new Set());
    const why = unavailability({ active: row.active, operatorPartnerId: row.operator_partner_id }, suspended, exits.get(row.brand_id)!);
    if (why && !due.includes(row.decision_id)) due.push(row.decision_id);
  }
  const results: RerouteResult[] = [];
  for (const decisionId of due) results.push(await rerouteDecision(dataSource, services, context, { decisionId, reason, flagWhenInfeasible: true }));
  return collect(results);
}

/**
 * The sweep run now by a person (as `sweepBreaches` is): fresh upstream facts first, then every order
 * that must move is rerouted or flagged, recorded as the caller's doing, with the caller's own
 * `routing.recovery.sweep` entry saying that it was asked for and why.
 */
export async function sweepReroutesNow(
  dataSource: DataSource,
  services: RoutingServices,
  context: AuditContext,
  input: { reason: string },
): Promise<{ id: string; rerouted: RoutingDecisionEntity[]; exceptions: RoutingExceptionEntity[]; sweptAt: Date }> {
  const reason = requireReason(input.reason);
  await services.facts.refresh();
  const sweptAt = new Date();
  const outcome = await recoverOpenOrders(dataSource, services, context, reason);
  const id = randomUUID();
  await audited(dataSource, context, async ({ record }) => {
    record({
      subject: { type: 'RecoverySweep', id },
      after: { rerouted: outcome.rerouted.map((d) => d.id), exceptions: outcome.exceptions.map((x) => x.id), sweptAt: sweptAt.toISOString() },
      reason,
    });
  });
  return { id, ...outcome, sweptAt };
}

/** The scheduled sweep, as the recovery process (its moves are in the ledger under its name); says what it did in a line, or null. */
export async function runRecoverySweep(dataSource: DataSource, services: RoutingServices): Promise<string | null> {
  const outcome = await recoverOpenOrders(dataSource, services, { audit: AuditTrail.system(RECOVERY_ACTOR.subject) }, 'Service recovery: the node can no longer ship the order');
  if (outcome.rerouted.length === 0 && outcome.exceptions.length === 0) return null;
  return `rerouted ${outcome.rerouted.length} order(s), flagged ${outcome.exceptions.length} for a person`;
}
