import { Directive, Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';
import { FulfillmentNode } from '../fulfillment-node/fulfillment-node.type';
import { RoutedLine, RoutingDecision } from '../routing/routing.type';

export enum RoutingExceptionStatusEnum {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}
registerEnumType(RoutingExceptionStatusEnum, { name: 'RoutingExceptionStatus' });

@ObjectType({ description: 'An order service recovery could not move under its rules: it keeps its reservations until a person reroutes it or the node is back.' })
@Directive('@key(fields: "id")')
@Owner('inventory-platform')
@BrandScoped('brandId')
export class RoutingException {
  @Field(() => ID) id: string;
  @Field() orderRef: string;
  @Field({ description: 'Why no new plan: NO_ELIGIBLE_NODE or INSUFFICIENT_STOCK.' }) reason: string;
  @Field({ description: 'Why the order had to move: INACTIVE, PARTNER_SUSPENDED or PARTNER_EXITED.' }) cause: string;
  @Field(() => RoutingExceptionStatusEnum) status: string;
  @Field(() => [RoutedLine], { description: 'The units that need another node.' }) lines: RoutedLine[];
  @Field(() => GraphQLISODateTime) openedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt: Date | null;
  @Field(() => String, { nullable: true }) resolvedBy: string | null;
  @Field(() => String, { nullable: true }) resolution: string | null;

  brandId: string;
  routingDecisionId: string;
  nodeIds: string[];
}

@ObjectType({ description: 'A node turned on or off, and what service recovery did with the orders open on it.' })
@Owner('inventory-platform')
export class NodeActivation {
  @Field(() => FulfillmentNode) node: FulfillmentNode;
  @Field(() => [RoutingDecision], { description: 'The new decisions of the orders moved off the node (each linked to the one it replaced).' }) rerouted: RoutingDecision[];
  @Field(() => [RoutingException], { description: 'Orders no node could take: flagged for a person.' }) exceptions: RoutingException[];
}

@ObjectType({ description: 'What one run of the service-recovery sweep moved.' })
@Owner('inventory-platform')
export class RecoverySweep {
  @Field(() => ID, { description: 'The sweep, as the inventory ledger names it.' }) id: string;
  @Field(() => [RoutingDecision]) rerouted: RoutingDecision[];
  @Field(() => [RoutingException]) exceptions: RoutingException[];
  @Field(() => GraphQLISODateTime) sweptAt: Date;
}
