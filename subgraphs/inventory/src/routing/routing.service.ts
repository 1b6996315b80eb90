import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { badInput, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { forbiddenBrandError } from '../../../../shared/src/errors';
import { appendEntries, audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import type { BrandLookup } from '../../../../shared/src/subgraph/brand-lookup';
import { requireBrandId } from '../../../../shared/src/subgraph/brand-of-input';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { SkuEntity } from '../sku/sku.entity';
import { availableAt } from '../stock/stock-position.entity';
import { planRoute } from './plan-route';
import { ReservationEntity, RoutingDecisionEntity, SourcingPolicyEntity } from './routing.entities';
import type { CandidateNode, NodeKind, OrderLine, PromiseLevel, RoutingOutcome, RoutingPolicy } from './routing.model';
import { operatorsAllowedBy, toRoutingPolicy } from './sourcing-policy';
import type { UpstreamFacts } from './upstream-facts';

export interface BrandFacts {
  id: string;
  slug: string;
  /** The FULFILLMENT operating model in effect, or null when none is decided. */
  fulfillmentModel: string | null;
}

export const MAX_ORDER_LINES = 25;
export const MAX_LINE_QUANTITY = 10_000;

export interface RoutingServices {
  /** Which brand a slug names. */
  brands: BrandLookup;
  facts: UpstreamFacts;
  reservationTtlMinutes: number;
}

export interface OrderLineInput {
  skuId: string;
  quantity: number;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

/** The brand a slug names, checked against the caller's brands, with the operating model it routes by. */
export async function resolveBrand(services: RoutingServices, context: AuditContext, slug: string): Promise<BrandFacts> {
  const id = await requireBrandId(services.brands, context.principal, slug);
  try {
    return { id, slug, fulfillmentModel: await services.facts.fulfillmentModel(id) };
  } catch (error) {
    throw trellisError('SUBGRAPH_UNAVAILABLE', `Cannot tell how "${slug}" fulfils orders: the brands subgraph did not answer (${(error as Error).message}).`, {
      serviceName: 'brands',
    });
  }
}

/** Validates the lines and merges repeated SKUs; every SKU must exist and belong to the brand. */
async function orderLines(manager: EntityManager, brandId: string, input: OrderLineInput[]): Promise<OrderLine[]> {
  if (input.length === 0) throw badInput('lines', 'an order needs at least one line.');
  if (input.length > MAX_ORDER_LINES) throw badInput('lines', `at most ${MAX_ORDER_LINES} lines per order, not ${input.length}.`);
  const quantities = new Map<string, number>();
  input.forEach((line, i) => {
    const skuId = requireUuid(`lines[${i}].skuId`, line.skuId);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw badInput(`lines[${i}].quantity`, `must be a whole number from 1 to ${MAX_LINE_QUANTITY}, not ${line.quantity}.`);
    }
    quantities.set(skuId, (quantities.get(skuId) ?? 0) + line.quantity);
  });
  const skus = await manager.getRepository(SkuEntity).findBy({ id: In([...quantities.keys()]) });
  return [...quantities].map(([skuId, quantity]) => {
    const sku = skus.find((s) => s.id === skuId);
    if (!sku) throw notFound(`SKU ${skuId}`);
    if (sku.brandId !== brandId) {
      throw trellisError('SKU_NOT_OF_BRAND', `SKU ${sku.code} belongs to another brand: an order may only hold the brand's own SKUs.`, { skuId });
    }
    return { skuId, quantity, price: sku.price, unitCost: sku.unitCost };
  });
}

/** Every node with its availability for the order's SKUs and its usage today; optionally locking the stock rows. */
async function candidateNodes(manager: EntityManager, skuIds: string[], now: Date, lock: boolean): Promise<CandidateNode[]> {
  const positions: { sku_id: string; node_id: string; on_hand: number; reserved: number; safety_stock: number }[] = await manager.query(
    `SELECT sku_id, node_id, on_hand, reserved, safety_stock FROM stock_position WHERE sku_id = ANY($1)
      ORDER BY sku_id, node_id ${lock ? 'FOR UPDATE' : ''}`,
    [skuIds],
  );
  const nodes = await manager.getRepository(FulfillmentNodeEntity).find({ order: { code: 'ASC' } });
  const usage: { node_id: string; units: number }[] = await manager.query('SELECT node_id, units FROM node_daily_usage WHERE day = $1', [utcDay(now)]);
  return nodes.map((n) => ({
    id: n.id,
    code: n.code,
    kind: n.kind,
    operatorType: n.operatorType,
    operatorPartnerId: n.operatorPartnerId,
    region: n.region,
    costPerUnit: n.costPerUnit,
    handlingDays: n.handlingDays,
    dailyCapacity: n.dailyCapacity,
    active: n.active,
    usedToday: usage.find((u) => u.node_id === n.id)?.units ?? 0,
    available: Object.fromEntries(
      positions.filter((p) => p.node_id === n.id).map((p) => [p.sku_id, availableAt({ onHand: p.on_hand, reserved: p.reserved, safetyStock: p.safety_stock })]),
    ),
  }));
}

export async function brandPolicy(manager: EntityManager, brandId: string): Promise<RoutingPolicy> {
  return toRoutingPolicy(await manager.findOneBy(SourcingPolicyEntity, { brandId }));
}

interface Planned {
  brand: BrandFacts;
  lines: OrderLine[];
  policy: RoutingPolicy;
  outcome: RoutingOutcome;
}

async function plan(
  manager: EntityManager,
  services: RoutingServices,
  brand: BrandFacts,
  input: { lines: OrderLineInput[]; destinationRegion: string; promise: PromiseLevel },
  now: Date,
  lock: boolean,
): Promise<Planned> {
  if (!input.destinationRegion?.trim()) throw badInput('destinationRegion', 'name the region the order ships to, e.g. "EU-WEST".');
  const lines = await orderLines(manager, brand.id, input.lines);
  const policy = await brandPolicy(manager, brand.id);
  const outcome = planRoute({
    lines,
    destinationRegion: input.destinationRegion.trim(),
    promise: input.promise,
    policy,
    allowedOperators: operatorsAllowedBy(brand.fulfillmentModel),
    suspendedPartnerIds: await services.facts.suspendedPartnerIds(),
    nodes: await candidateNodes(manager, lines.map((l) => l.skuId), now, lock),
  });
  return { brand, lines, policy, outcome };
}

function infeasible(outcome: Extract<RoutingOutcome, { feasible: false }>, orderRef?: string) {
  const excluded = outcome.candidates.map((c) => ({ node: c.nodeCode, excludedBy: c.excludedBy }));
  const what = orderRef ? `Order ${orderRef}` : 'The order';
  return outcome.reason === 'INSUFFICIENT_STOCK'
    ? trellisError('INSUFFICIENT_STOCK', `${what} cannot be filled: the nodes allowed to ship it do not hold enough stock.`, { candidates: excluded })
    : trellisError('NO_ELIGIBLE_NODE', `${what} cannot be routed: no node passes the brand's operating model, sourcing policy, promise and capacity.`, {
        candidates: excluded,
      });
}

/** The best feasible plan and its delivery date, without reserving anything. */
export async function promiseOrder(
  dataSource: DataSource,
  services: RoutingServices,
  context: AuditContext,
  input: { brand: string; lines: OrderLineInput[]; destinationRegion: string; promise: PromiseLevel },
) {
  const brand = await resolveBrand(services, context, input.brand);
  const now = new Date();
  const { outcome } = await plan(dataSource.manager, services, brand, input, now, false);
  return { now, outcome, brand };
}

class AlreadyRouted extends Error {
  constructor(readonly decisionId: string) {
    super('already routed');
  }
}

/**
 * Routes an order and reserves its stock atomically. The stock rows of the order's SKUs are locked
 * (in a fixed order, so concurrent orders queue rather than deadlock) before the plan is made, so
 * the plan is made on stock nobody else can take; the reservations, the decision and its ledger
 * entry commit together. The same order reference returns the first decision and reserves nothing.
 */
export async function routeOrder(
  dataSource: DataSource,
  services: RoutingServices,
  context: AuditContext,
  input: { brand: string; orderRef: string; lines: OrderLineInput[]; destinationRegion: string; promise: PromiseLevel },
): Promise<{ decision: RoutingDecisionEntity; replayed: boolean }> {
  const orderRef = input.orderRef?.trim();
  if (!orderRef || orderRef.length > 100) throw badInput('orderRef', 'give the order’s reference (1–100 characters); it makes routing idempotent.');
  const brand = await resolveBrand(services, context, input.brand);
  const decisions = dataSource.getRepository(RoutingDecisionEntity);
  const first = await decisions.findOneBy({ brandId: brand.id, orderRef });
  if (first) return { decision: first, replayed: true };
  try {
    const decision = await audited(dataSource, context, async ({ manager, record }) => {
      const now = new Date();
      const planned = await plan(manager, services, brand, input, now, true);
      // Another request for the same order may have won while we waited for the locks.
      const winner = await manager.findOneBy(RoutingDecisionEntity, { brandId: brand.id, orderRef });
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
        promisedDeliveryDate: utcDay(addDays(now, chosen.deliveryDays)),
        fulfillmentModel: brand.fulfillmentModel,
        policy: planned.policy,
        actorSubject: context.principal.sub,
        decidedAt: now,
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
          reservations: reservations.map((r) => r.id),
        },
        reason: `Order ${orderRef} routed by the ${brand.slug} sourcing policy`,
      });
      return decision;
    });
    return { decision, replayed: false };
  } catch (error) {
    const replay = error instanceof AlreadyRouted || (error as { code?: string }).code === '23505';
    if (!replay) throw error;
    return { decision: (await decisions.findOneBy({ brandId: brand.id, orderRef }))!, replayed: true };
  }
}

async function addUsage(manager: EntityManager, reservations: ReservationEntity[], day: Date, sign: 1 | -1): Promise<void> {
  const perNode = new Map<string, number>();
  for (const r of reservations) perNode.set(r.nodeId, (perNode.get(r.nodeId) ?? 0) + r.quantity);
  for (const [nodeId, units] of [...perNode].sort(([a], [b]) => a.localeCompare(b))) {
    await manager.query(
      `INSERT INTO node_daily_usage (node_id, day, units) VALUES ($1, $2, GREATEST($3, 0))
       ON CONFLICT (node_id, day) DO UPDATE SET units = GREATEST(node_daily_usage.units + $3, 0)`,
      [nodeId, utcDay(day), sign * units],
    );
  }
}

type Closing = 'COMMITTED' | 'RELEASED' | 'EXPIRED';

/** Closes one reservation inside a transaction: shipped (on hand and reserved go down) or not (reserved goes down). */
async function closeReservation(manager: EntityManager, reservation: ReservationEntity, status: Closing, now: Date) {
  const shipped = status === 'COMMITTED';
  await manager.query(
    `UPDATE stock_position SET reserved = reserved - $3 ${shipped ? ', on_hand = on_hand - $3' : ''} WHERE sku_id = $1 AND node_id = $2`,
    [reservation.skuId, reservation.nodeId, reservation.quantity],
  );
  if (!shipped) await addUsage(manager, [reservation], reservation.createdAt, -1);
  await manager.update(ReservationEntity, { id: reservation.id }, { status, closedAt: now });
  return { ...reservation, status, closedAt: now };
}

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

export const EXPIRY_ACTOR = { subject: 'system:reservation-expiry', roles: [] };

/** Releases every active reservation past its time, as the expiry process, with a ledger entry each. */
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

export interface SourcingPolicyInput {
  brand: string;
  allowedKinds: NodeKind[];
  weights: { cost: number; promiseSlack: number; margin: number; stockDepth: number };
  maxSplit: number;
  defaultPromiseDays: number;
  expressPromiseDays?: number | null;
  reason: string;
}

/**
 * Sets a brand's sourcing policy. It must leave at least one node the brand's fulfillment operating
 * model allows: a policy that contradicts the decided model is refused rather than silently
 * routing nowhere.
 */
export async function setSourcingPolicy(
  dataSource: DataSource,
  services: RoutingServices,
  context: AuditContext,
  input: SourcingPolicyInput,
): Promise<SourcingPolicyEntity> {
  const reason = requireReason(input.reason, 'input.reason');
  const kinds = [...new Set(input.allowedKinds)];
  if (kinds.length === 0) throw badInput('allowedKinds', 'allow at least one kind of node.');
  const weights = input.weights;
  for (const [name, value] of Object.entries(weights)) {
    if (!Number.isFinite(value) || value < 0 || value > 100) throw badInput(`weights.${name}`, 'must be a number from 0 to 100.');
  }
  if (Object.values(weights).every((w) => w === 0)) throw badInput('weights', 'at least one weight must be above 0.');
  if (!Number.isInteger(input.maxSplit) || input.maxSplit < 1 || input.maxSplit > 4) throw badInput('maxSplit', 'must be 1 to 4 nodes.');
  if (!Number.isInteger(input.defaultPromiseDays) || input.defaultPromiseDays < 1 || input.defaultPromiseDays > 30) {
    throw badInput('defaultPromiseDays', 'must be 1 to 30 days.');
  }
  const express = input.expressPromiseDays ?? Math.min(2, input.defaultPromiseDays);
  if (!Number.isInteger(express) || express < 1 || express > input.defaultPromiseDays) {
    throw badInput('expressPromiseDays', 'must be at least 1 and no more than defaultPromiseDays.');
  }
  const brand = await resolveBrand(services, context, input.brand);
  const operators = operatorsAllowedBy(brand.fulfillmentModel);
  return audited(dataSource, context, async ({ manager, record }) => {
    const network: { kind: NodeKind; operator_type: string }[] = await manager.query(
      `SELECT DISTINCT n.kind, n.operator_type FROM fulfillment_node n
        WHERE n.active AND (n.operator_brand_id = $1 OR EXISTS (
          SELECT 1 FROM stock_position sp JOIN sku s ON s.id = sp.sku_id WHERE sp.node_id = n.id AND s.brand_id = $1))`,
      [brand.id],
    );
    const routable = network.filter((n) => kinds.includes(n.kind) && (!operators || operators.includes(n.operator_type as never)));
    if (routable.length === 0) {
      throw trellisError(
        'POLICY_CONFLICTS_WITH_OPERATING_MODEL',
        `${brand.slug}'s fulfillment is decided ${brand.fulfillmentModel}, which ships only from ${operators?.join('/')}-run nodes; ` +
          `none of its nodes of kind ${kinds.join(', ')} is one. Allow a kind those nodes have, or change the operating model first.`,
        { fulfillmentModel: brand.fulfillmentModel, allowedOperators: operators },
      );
    }
    const previous = await manager.findOneBy(SourcingPolicyEntity, { brandId: brand.id });
    const policy = Object.assign(new SourcingPolicyEntity(), {
      brandId: brand.id,
      allowedKinds: kinds,
      weightCost: weights.cost,
      weightPromiseSlack: weights.promiseSlack,
      weightMargin: weights.margin,
      weightStockDepth: weights.stockDepth,
      maxSplit: input.maxSplit,
      standardPromiseDays: input.defaultPromiseDays,
      expressPromiseDays: express,
      updatedBy: context.principal.sub,
      updatedAt: new Date(),
    });
    await manager.save(policy);
    record({
      subject: { type: 'SourcingPolicy', id: brand.id, brandId: brand.id, capability: 'FULFILLMENT' },
      before: previous ? toRoutingPolicy(previous) : null,
      after: { ...toRoutingPolicy(policy), fulfillmentModel: brand.fulfillmentModel },
      reason,
    });
    return policy;
  });
}
