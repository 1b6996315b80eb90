import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateResolver } from 'graphql-scalars';
import { isUuid } from '../../../../shared/src/errors';
import { calendarDay } from '../../../../shared/src/graphql/calendar-day';
import { checkPageSize } from '../../../../shared/src/graphql/cursor';
import { Audited, BrandScoped, BrandsOf, Owner, RequiresScopes, ListSize } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import type { InventoryContext } from '../context';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { FulfillmentNode } from '../fulfillment-node/fulfillment-node.type';
import { Sku } from '../sku/sku.type';
import { Pilot } from '../pilot/pilot.type';
import type { ReservationEntity, RoutingDecisionEntity } from './routing.entities';
import { promiseOrder, shownCandidate } from './promise-order';
import { routeOrder } from './route-order';
import { setSourcingPolicy } from './set-sourcing-policy';
import { settleReservation } from './settle-reservation';
import { utcDay } from './delivery-date';
import { utilisationOf } from './utilisation';
import {
  DeliveryPromise,
  NodeUtilisation,
  OrderLineInput,
  PromiseLevelEnum,
  Reservation,
  RouteOrderInput,
  RoutingAllocation,
  RoutingCandidate,
  RoutingDecision,
  RoutedLine,
  SourcingPolicy,
  SourcingPolicyInput,
} from './routing.type';
import { operatorsAllowedBy, toRoutingPolicy } from './sourcing-policy';

export function toRoutingDecision(d: RoutingDecisionEntity): RoutingDecision {
  return {
    id: d.id,
    brandId: d.brandId,
    orderRef: d.orderRef,
    destinationRegion: d.destinationRegion,
    promise: d.promise,
    lines: d.lines,
    candidates: d.candidates.map(shownCandidate),
    plan: d.plan,
    split: d.split,
    deliveryDays: d.deliveryDays,
    promisedDeliveryDate: d.promisedDeliveryDate,
    fulfillmentModel: d.fulfillmentModel,
    actor: d.actorSubject,
    decidedAt: d.decidedAt,
    channel: d.channel,
    trialModel: d.trialModel,
    rerouteReason: d.rerouteReason,
    current: d.supersededById === null,
    pilotId: d.pilotId,
    reroutedFromId: d.reroutedFromId,
    supersededById: d.supersededById,
  };
}

/** The day asked for, as YYYY-MM-DD: the Date scalar hands a Date over, and the usage rows are keyed by the day's text. */
const dayOf = (day: Date | string | undefined) => (day === undefined || day === null ? utcDay(new Date()) : calendarDay('day', day));

async function sourcingPolicyOf(brandId: string, { loaders, services }: InventoryContext): Promise<SourcingPolicy> {
  const [stored, fulfillmentModel] = await Promise.all([loaders.routing.policyByBrand.load(brandId), services.facts.fulfillmentModel(brandId).catch(() => null)]);
  const policy = toRoutingPolicy(stored);
  return {
    brandId,
    allowedKinds: policy.allowedKinds,
    weights: policy.weights,
    maxSplit: policy.maxSplit,
    defaultPromiseDays: policy.promiseDays.STANDARD,
    expressPromiseDays: policy.promiseDays.EXPRESS,
    fulfillmentModel,
    allowedOperators: operatorsAllowedBy(fulfillmentModel),
    isDefault: !stored,
    pilotOverrides: (await services.facts.runningPilots())
      .filter((p) => p.brandId === brandId && p.capability === 'FULFILLMENT')
      .map((p) => ({ pilot: { id: p.id }, model: p.model, regions: [...p.regions], channels: [...p.channels], skuIds: [...p.skuIds] })),
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt ?? null,
  };
}

@Resolver(() => RoutingDecision)
export class RoutingResolver {
  @Mutation(() => SourcingPolicy, { description: 'Sets how a brand’s orders are routed; it must fit the brand’s fulfillment operating model.' })
  @Owner('inventory-platform')
  @Audited('sourcing.policy.set')
  @RequiresScopes(['inventory:write'])
  @BrandScoped('input.brand')
  async setSourcingPolicy(@Arg('input') input: SourcingPolicyInput, @Ctx() context: InventoryContext): Promise<SourcingPolicy> {
    const stored = await setSourcingPolicy(context.dataSource, context.services, context, input);
    context.loaders.routing.policyByBrand.clear(stored.brandId);
    return sourcingPolicyOf(stored.brandId, context);
  }

  @Mutation(() => RoutingDecision, { description: 'Chooses the node(s) for an order and reserves its stock; the same order reference returns the first decision.' })
  @Owner('inventory-platform')
  @Audited('order.route')
  @RequiresScopes(['orders:route'])
  @BrandScoped('input.brand')
  async routeOrder(@Arg('input') input: RouteOrderInput, @Ctx() context: InventoryContext): Promise<RoutingDecision> {
    const { services } = context;
    const { decision, replayed } = await (services.orders ? services.orders.route(context, input) : routeOrder(context.dataSource, services, context, input));
    // A replayed order reference records nothing new: that is the point of the reference.
    if (replayed) context.audit.markReplay();
    return toRoutingDecision(decision);
  }

  @Mutation(() => Reservation, { description: 'The order shipped: on hand and reserved both go down.' })
  @Owner('inventory-platform')
  @Audited('reservation.commit')
  @RequiresScopes(['orders:route'], ['inventory:write'])
  @BrandsOf('Reservation', 'id')
  commitReservation(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() context: InventoryContext): Promise<Reservation> {
    return settleReservation(context.dataSource, context, { id, reason }, 'COMMITTED');
  }

  @Mutation(() => Reservation, { description: 'The order was cancelled: reserved goes down.' })
  @Owner('inventory-platform')
  @Audited('reservation.release')
  @RequiresScopes(['orders:route'], ['inventory:write'])
  @BrandsOf('Reservation', 'id')
  releaseReservation(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() context: InventoryContext): Promise<Reservation> {
    return settleReservation(context.dataSource, context, { id, reason }, 'RELEASED');
  }

  @Query(() => DeliveryPromise, { description: 'The best feasible plan and delivery date for an order now, without reserving.' })
  @Owner('inventory-platform')
  @RequiresScopes(['orders:promise'])
  @BrandScoped('brand')
  async promise(
    @Arg('brand', { description: 'Brand slug.' }) brand: string,
    @Arg('lines', () => [OrderLineInput]) lines: OrderLineInput[],
    @Arg('destinationRegion') destinationRegion: string,
    @Ctx() context: InventoryContext,
    @Arg('promise', () => PromiseLevelEnum, { defaultValue: PromiseLevelEnum.STANDARD }) promise: `${PromiseLevelEnum}` = 'STANDARD',
  ): Promise<DeliveryPromise> {
    return promiseOrder(context.dataSource, context.services, context, { brand, lines, destinationRegion, promise });
  }

  @Query(() => RoutingDecision, { nullable: true })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  async routingDecision(@Arg('id', () => ID) id: string, @Ctx() { loaders }: InventoryContext): Promise<RoutingDecision | null> {
    if (!isUuid(id)) return null;
    const decision = await loaders.routing.decisionById.load(id);
    return decision ? toRoutingDecision(decision) : null;
  }

  @Query(() => [NodeUtilisation], { description: 'Every node’s reserved units against its daily capacity (default: today, UTC).' })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  async nodeUtilisation(@Ctx() context: InventoryContext, @Arg('day', () => DateResolver, { nullable: true }) day?: Date): Promise<NodeUtilisation[]> {
    const asked = dayOf(day);
    const nodes = await context.dataSource.getRepository(FulfillmentNodeEntity).find({ order: { code: 'ASC' } });
    return Promise.all(nodes.map((n) => utilisation(n, asked, context)));
  }

  @FieldResolver(() => Brand)
  brand(@Root() d: RoutingDecision): Brand {
    return { id: d.brandId };
  }

  @FieldResolver(() => [Reservation])
  reservations(@Root() d: RoutingDecision, @Ctx() { loaders }: InventoryContext): Promise<ReservationEntity[]> {
    return loaders.routing.reservationsByDecision.load(d.id);
  }

  @FieldResolver(() => Pilot, { nullable: true, description: 'The running pilot whose scope covered the order, if it was routed under a model on trial.' })
  pilot(@Root() d: RoutingDecision): Pilot | null {
    return d.pilotId ? { id: d.pilotId } : null;
  }
}

async function utilisation(node: { id: string; dailyCapacity: number }, day: string, { loaders, principal }: InventoryContext): Promise<NodeUtilisation> {
  const units = await loaders.routing.usageByNodeDay.load({ nodeId: node.id, day, brandIds: principal.brandIds });
  return { nodeId: node.id, day, unitsReserved: units, dailyCapacity: node.dailyCapacity, utilisation: utilisationOf(units, node.dailyCapacity) };
}

const nodeOf = async (nodeId: string, { loaders }: InventoryContext) => (await loaders.node.byId.load(nodeId))!;
const skuOf = async (skuId: string, { loaders }: InventoryContext) => (await loaders.sku.byId.load(skuId))!;

@Resolver(() => RoutingCandidate)
export class RoutingCandidateResolver {
  @FieldResolver(() => FulfillmentNode)
  node(@Root() c: RoutingCandidate, @Ctx() context: InventoryContext) {
    return nodeOf(c.nodeId, context);
  }
}

@Resolver(() => RoutingAllocation)
export class RoutingAllocationResolver {
  @FieldResolver(() => FulfillmentNode)
  node(@Root() a: RoutingAllocation, @Ctx() context: InventoryContext) {
    return nodeOf(a.nodeId, context);
  }

  @FieldResolver(() => Sku)
  sku(@Root() a: RoutingAllocation, @Ctx() context: InventoryContext) {
    return skuOf(a.skuId, context);
  }
}

@Resolver(() => RoutedLine)
export class RoutedLineResolver {
  @FieldResolver(() => Sku)
  sku(@Root() l: RoutedLine, @Ctx() context: InventoryContext) {
    return skuOf(l.skuId, context);
  }
}

@Resolver(() => Reservation)
export class ReservationResolver {
  @FieldResolver(() => FulfillmentNode)
  node(@Root() r: Reservation, @Ctx() context: InventoryContext) {
    return nodeOf(r.nodeId, context);
  }

  @FieldResolver(() => Sku)
  sku(@Root() r: Reservation, @Ctx() context: InventoryContext) {
    return skuOf(r.skuId, context);
  }

  @FieldResolver(() => RoutingDecision)
  async routingDecision(@Root() r: Reservation, @Ctx() { loaders }: InventoryContext): Promise<RoutingDecision> {
    return toRoutingDecision((await loaders.routing.decisionById.load(r.routingDecisionId))!);
  }
}

@Resolver(() => FulfillmentNode)
export class NodeUtilisationResolver {
  @FieldResolver(() => NodeUtilisation, { description: 'Reserved units against daily capacity on a day (default: today, UTC).' })
  @Owner('inventory-platform')
  utilisation(@Root() node: FulfillmentNode, @Ctx() context: InventoryContext, @Arg('day', () => DateResolver, { nullable: true }) day?: Date) {
    return utilisation(node, dayOf(day), context);
  }
}

@Resolver(() => NodeUtilisation)
export class NodeUtilisationNodeResolver {
  @FieldResolver(() => FulfillmentNode)
  node(@Root() u: NodeUtilisation, @Ctx() context: InventoryContext) {
    return nodeOf(u.nodeId, context);
  }
}

@Resolver(() => Brand)
export class BrandRoutingResolver {
  @FieldResolver(() => [RoutingDecision], { description: 'The brand’s routing decisions, newest first.' })
  @Owner('inventory-platform')
  @ListSize({ slicingArguments: ['first'] })
  @RequiresScopes(['catalog:read'])
  async routingDecisions(
    @Root() brand: Brand,
    @Ctx() { loaders }: InventoryContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<RoutingDecision[]> {
    checkPageSize(first, 200);
    return (await loaders.routing.decisionsByBrand.load({ brandId: brand.id, first })).map(toRoutingDecision);
  }

  @FieldResolver(() => SourcingPolicy, { description: 'How the brand’s orders are routed (the default until one is set).' })
  @Owner('inventory-platform')
  sourcingPolicy(@Root() brand: Brand, @Ctx() context: InventoryContext): Promise<SourcingPolicy> {
    return sourcingPolicyOf(brand.id, context);
  }
}

export const routingDecisionReference = {
  __resolveReference: async (ref: { id: string }, { loaders }: InventoryContext) => {
    const d = await loaders.routing.decisionById.load(ref.id);
    return d ? toRoutingDecision(d) : null;
  },
};
