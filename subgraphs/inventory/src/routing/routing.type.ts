import { Directive, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateResolver } from 'graphql-scalars';
import { BrandScoped, Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';
import { NodeKind, NodeOperatorType } from '../fulfillment-node/fulfillment-node.type';
import { PilotOverride } from '../pilot/pilot.type';

export enum PromiseLevelEnum {
  STANDARD = 'STANDARD',
  EXPRESS = 'EXPRESS',
}
registerEnumType(PromiseLevelEnum, { name: 'PromiseLevel', description: 'How fast the brand promises delivery.' });

export enum ExclusionFilterEnum {
  INACTIVE = 'INACTIVE',
  OPERATOR_NOT_ALLOWED = 'OPERATOR_NOT_ALLOWED',
  KIND_NOT_ALLOWED = 'KIND_NOT_ALLOWED',
  PARTNER_SUSPENDED = 'PARTNER_SUSPENDED',
  PARTNER_EXITED = 'PARTNER_EXITED',
  MISSES_PROMISE = 'MISSES_PROMISE',
  NO_CAPACITY = 'NO_CAPACITY',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
}
registerEnumType(ExclusionFilterEnum, {
  name: 'ExclusionFilter',
  description: 'The hard filter that kept a node from taking the whole order, applied in this order.',
});

export enum ReservationStatusEnum {
  ACTIVE = 'ACTIVE',
  COMMITTED = 'COMMITTED',
  RELEASED = 'RELEASED',
  EXPIRED = 'EXPIRED',
  REROUTED = 'REROUTED',
}
registerEnumType(ReservationStatusEnum, { name: 'ReservationStatus' });

@ObjectType({ description: 'Relative weights of the routing criteria.' })
@Owner('inventory-platform')
export class CriterionWeights {
  @Field(() => Float) cost: number;
  @Field(() => Float) promiseSlack: number;
  @Field(() => Float) margin: number;
  @Field(() => Float) stockDepth: number;
}

@ObjectType({ description: 'How a brand’s orders are routed.' })
@Owner('inventory-platform')
@BrandScoped('brandId')
export class SourcingPolicy {
  @Field(() => [NodeKind])
  allowedKinds: string[];

  @Field(() => CriterionWeights)
  weights: CriterionWeights;

  @Field(() => Int, { description: 'Most nodes one order may be split across.' })
  maxSplit: number;

  @Field(() => Int, { description: 'Days to delivery promised for STANDARD orders.' })
  defaultPromiseDays: number;

  @Field(() => Int, { description: 'Days to delivery promised for EXPRESS orders.' })
  expressPromiseDays: number;

  @Field(() => String, { nullable: true, description: 'The FULFILLMENT operating model in effect for the brand (brands subgraph).' })
  fulfillmentModel: string | null;

  @Field(() => [NodeOperatorType], { nullable: true, description: 'Who may run the nodes the model allows; null when no model is decided.' })
  allowedOperators: string[] | null;

  @Field({ description: 'True when the brand has not set a policy and the default applies.' })
  isDefault: boolean;

  @Field(() => [PilotOverride], { description: 'Running FULFILLMENT pilots of the brand: the orders in their scope route under the model on trial.' })
  pilotOverrides: PilotOverride[];

  @Field(() => String, { nullable: true })
  updatedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt: Date | null;

  brandId: string;
}

@ObjectType({ description: 'Each routing criterion normalised to 0–1 (1 = best) and the weighted total.' })
@Owner('inventory-platform')
export class CriterionScores {
  @Field(() => Float) cost: number;
  @Field(() => Float) promiseSlack: number;
  @Field(() => Float) margin: number;
  @Field(() => Float) stockDepth: number;
  @Field(() => Float) total: number;
}

@ObjectType({ description: 'How one node fared for an order.' })
@Owner('inventory-platform')
export class RoutingCandidate {
  @Field(() => ExclusionFilterEnum, { nullable: true, description: 'Why the node could not ship the whole order alone; null if it could.' })
  excludedBy: string | null;

  @Field(() => Int, { description: 'Handling plus transit days to the destination.' })
  deliveryDays: number;

  @Field(() => CriterionScores, {
    nullable: true,
    description: 'Commercial: the cost and margin scores give away unit and node costs, so the scores need costs:read.',
  })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  scores: CriterionScores | null;

  nodeId: string;
}

@ObjectType({ description: 'Units of one SKU to ship from one node.' })
@Owner('inventory-platform')
export class RoutingAllocation {
  @Field(() => Int)
  quantity: number;

  nodeId: string;
  skuId: string;
}

@ObjectType()
@Owner('inventory-platform')
export class RoutedLine {
  @Field(() => Int)
  quantity: number;

  skuId: string;
}

@ObjectType({ description: 'Units of a SKU held at a node for an order until shipped, released or expired.' })
@Directive('@key(fields: "id")')
@Owner('inventory-platform')
@BrandScoped('brandId')
export class Reservation {
  @Field(() => ID) id: string;
  @Field(() => Int) quantity: number;
  @Field(() => ReservationStatusEnum) status: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) expiresAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) closedAt: Date | null;

  brandId: string;
  skuId: string;
  nodeId: string;
  routingDecisionId: string;
}

@ObjectType({ description: 'Where an order ships from, why, and what was reserved.' })
@Directive('@key(fields: "id")')
@Owner('inventory-platform')
@BrandScoped('brandId')
export class RoutingDecision {
  @Field(() => ID) id: string;
  @Field({ description: 'The order reference; routing it again returns this decision.' }) orderRef: string;
  @Field() destinationRegion: string;
  @Field(() => PromiseLevelEnum) promise: string;
  @Field(() => [RoutedLine]) lines: RoutedLine[];
  @Field(() => [RoutingCandidate], { description: 'Every node considered, with its scores or the filter that excluded it.' }) candidates: RoutingCandidate[];
  @Field(() => [RoutingAllocation], { description: 'The chosen plan: node × SKU × units.' }) plan: RoutingAllocation[];
  @Field({ description: 'True when the order ships from more than one node.' }) split: boolean;
  @Field(() => Int) deliveryDays: number;
  @Field(() => DateResolver) promisedDeliveryDate: string;
  @Field(() => String, { nullable: true, description: 'The brand’s FULFILLMENT operating model when routed.' }) fulfillmentModel: string | null;
  @Field({ description: 'Who routed it (`sub` of the token).' }) actor: string;
  @Field(() => GraphQLISODateTime) decidedAt: Date;
  @Field(() => String, { nullable: true }) channel: string | null;
  @Field(() => String, { nullable: true, description: 'The model on trial the order was routed under, when a running pilot’s scope covered it (`pilot`).' })
  trialModel: string | null;
  @Field(() => String, { nullable: true, description: 'Why the order was moved here from `reroutedFrom`.' }) rerouteReason: string | null;
  @Field({ description: 'True while this is the order’s decision in force; false once a reroute replaced it (`supersededBy`).' }) current: boolean;

  brandId: string;
  pilotId: string | null;
  reroutedFromId: string | null;
  supersededById: string | null;
}

@ObjectType({ description: 'The best feasible plan for an order right now, without reserving anything.' })
@Owner('inventory-platform')
export class DeliveryPromise {
  @Field()
  feasible: boolean;

  @Field(() => String, { nullable: true, description: 'Why no plan is feasible: INSUFFICIENT_STOCK or NO_ELIGIBLE_NODE.' })
  reason: string | null;

  @Field(() => DateResolver, { nullable: true })
  promisedDeliveryDate: string | null;

  @Field(() => Int, { nullable: true })
  deliveryDays: number | null;

  @Field(() => [RoutingAllocation])
  plan: RoutingAllocation[];

  @Field()
  split: boolean;

  @Field(() => [RoutingCandidate])
  candidates: RoutingCandidate[];
}

@ObjectType({ description: 'How much of a node’s daily capacity is taken by reservations on a day.' })
@Owner('inventory-platform')
export class NodeUtilisation {
  @Field(() => DateResolver) day: string;
  @Field(() => Int, { description: 'Units reserved on the node that day: by every brand for a portfolio-wide caller, by the caller’s own brands otherwise.' })
  unitsReserved: number;
  @Field(() => Int) dailyCapacity: number;
  @Field(() => Float, { description: 'unitsReserved / dailyCapacity.' }) utilisation: number;

  nodeId: string;
}

@InputType()
export class OrderLineInput {
  @Field(() => ID) skuId: string;
  @Field(() => Int) quantity: number;
}

@InputType()
export class RouteOrderInput {
  @Field({ description: 'Brand slug.' }) brand: string;
  @Field({ description: 'The order’s reference: routing the same reference again returns the first decision.' }) orderRef: string;
  @Field(() => [OrderLineInput]) lines: OrderLineInput[];
  @Field() destinationRegion: string;
  @Field(() => PromiseLevelEnum, { defaultValue: PromiseLevelEnum.STANDARD }) promise: `${PromiseLevelEnum}`;
  @Field(() => String, { nullable: true, description: 'Where the order was taken (e.g. "web", "store"); pilots may be scoped to channels.' }) channel?: string | null;
}

@InputType()
export class CriterionWeightsInput {
  @Field(() => Float) cost: number;
  @Field(() => Float) promiseSlack: number;
  @Field(() => Float) margin: number;
  @Field(() => Float) stockDepth: number;
}

@InputType()
export class SourcingPolicyInput {
  @Field({ description: 'Brand slug.' }) brand: string;
  @Field(() => [NodeKind]) allowedKinds: `${NodeKind}`[];
  @Field(() => CriterionWeightsInput) weights: CriterionWeightsInput;
  @Field(() => Int) maxSplit: number;
  @Field(() => Int) defaultPromiseDays: number;
  @Field(() => Int, { nullable: true, description: 'Defaults to 2, or defaultPromiseDays if lower.' }) expressPromiseDays?: number | null;
  @Field({ description: 'Why: kept in the ledger for auditors.' }) reason: string;
}
