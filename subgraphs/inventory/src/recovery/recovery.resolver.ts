import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { checkPageSize } from '../../../../shared/src/graphql/cursor';
import { Audited, BrandScoped, BrandsOf, ListSize, Owner, Policy, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import type { InventoryContext } from '../context';
import { FulfillmentNode } from '../fulfillment-node/fulfillment-node.type';
import { RoutingExceptionEntity } from '../routing/routing.entities';
import { toRoutingDecision } from '../routing/routing.resolver';
import { RoutingDecision } from '../routing/routing.type';
import { rerouteOrder, setNodeActive, sweepReroutesNow } from './recovery.service';
import { NodeActivation, RecoverySweep, RoutingException, RoutingExceptionStatusEnum } from './recovery.type';

@Resolver(() => RoutingException)
export class RecoveryResolver {
  @Mutation(() => NodeActivation, {
    description: 'Turns a node on or off. Off: its open reservations are rerouted under the same rules, each with a new decision linked to the original, or flagged for a person.',
  })
  @Owner('inventory-platform')
  @Audited('node.active.set')
  @RequiresScopes(['inventory:write'])
  @BrandsOf('FulfillmentNode', 'nodeId')
  async setNodeActive(
    @Arg('nodeId', () => ID) nodeId: string,
    @Arg('active') active: boolean,
    @Arg('reason', { description: 'Why: kept in the ledger for auditors.' }) reason: string,
    @Ctx() context: InventoryContext,
  ): Promise<NodeActivation> {
    const { node, rerouted, exceptions } = await setNodeActive(context.dataSource, context.services, context, { nodeId, active, reason });
    return { node, rerouted: rerouted.map(toRoutingDecision), exceptions };
  }

  @Mutation(() => RoutingDecision, {
    description:
      'Moves an order off the nodes named (and any that can no longer serve it; with neither, plans it again) under the same rules: a new decision linked to the original. Refused, changing nothing, when no node can take it.',
  })
  @Owner('inventory-platform')
  @Audited('order.reroute')
  @RequiresScopes(['orders:route'], ['inventory:write'])
  @BrandScoped('brand')
  async rerouteOrder(
    @Arg('orderRef') orderRef: string,
    @Arg('reason', { description: 'Why: kept in the ledger for auditors.' }) reason: string,
    @Ctx() context: InventoryContext,
    @Arg('brand', () => String, { nullable: true, description: 'Brand slug, when several of your brands use the order reference.' }) brand?: string | null,
    @Arg('avoidNodes', () => [ID], { nullable: true, description: 'Nodes to move the order off, e.g. one with a stockout.' }) avoidNodes?: string[] | null,
  ): Promise<RoutingDecision> {
    return toRoutingDecision(await rerouteOrder(context.dataSource, context.services, context, { orderRef, reason, brand, avoidNodeIds: avoidNodes }));
  }

  @Mutation(() => RecoverySweep, { description: 'Runs service recovery now, as the sweep every 15 s would, on fresh partner facts: every order on a node that can no longer ship it moves or is flagged.' })
  @Owner('inventory-platform')
  @Audited('routing.recovery.sweep')
  @RequiresScopes(['inventory:write'])
  @Policy(['portfolio-wide'])
  async sweepReroutes(@Arg('reason', { description: 'Why now: kept in the ledger for auditors.' }) reason: string, @Ctx() context: InventoryContext): Promise<RecoverySweep> {
    const { rerouted, ...rest } = await sweepReroutesNow(context.dataSource, context.services, context, { reason });
    return { ...rest, rerouted: rerouted.map(toRoutingDecision) };
  }

  @Query(() => [RoutingException], { description: 'Orders service recovery could not move (default: the open ones), newest first.' })
  @Owner('inventory-platform')
  @ListSize({ slicingArguments: ['first'] })
  @RequiresScopes(['catalog:read'])
  async routingExceptions(
    @Ctx() { dataSource, principal }: InventoryContext,
    @Arg('status', () => RoutingExceptionStatusEnum, { nullable: true, defaultValue: RoutingExceptionStatusEnum.OPEN }) status: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
  ): Promise<RoutingException[]> {
    checkPageSize(first, 500);
    const query = dataSource.getRepository(RoutingExceptionEntity).createQueryBuilder('x').orderBy('x.opened_at', 'DESC').addOrderBy('x.id').limit(first);
    if (status) query.where('x.status = :status', { status });
    if (principal.brandIds !== '*') query.andWhere('x.brand_id = ANY(:brandIds)', { brandIds: principal.brandIds });
    return query.getMany();
  }

  @FieldResolver(() => Brand)
  brand(@Root() x: RoutingException): Brand {
    return { id: x.brandId };
  }

  @FieldResolver(() => RoutingDecision, { description: 'The order’s decision when it was flagged.' })
  async routingDecision(@Root() x: RoutingException, @Ctx() { loaders }: InventoryContext): Promise<RoutingDecision> {
    return toRoutingDecision((await loaders.routing.decisionById.load(x.routingDecisionId))!);
  }

  @FieldResolver(() => [FulfillmentNode], { description: 'The nodes the units could not leave.' })
  async nodes(@Root() x: RoutingException, @Ctx() { loaders }: InventoryContext) {
    return (await loaders.node.byId.loadMany(x.nodeIds)).filter((n) => n && !(n instanceof Error));
  }
}

@Resolver(() => RoutingDecision)
export class RoutingDecisionLinksResolver {
  @FieldResolver(() => RoutingDecision, { nullable: true, description: 'The decision this one replaced when the order was rerouted.' })
  async reroutedFrom(@Root() d: RoutingDecision, @Ctx() { loaders }: InventoryContext): Promise<RoutingDecision | null> {
    const found = d.reroutedFromId ? await loaders.routing.decisionById.load(d.reroutedFromId) : null;
    return found ? toRoutingDecision(found) : null;
  }

  @FieldResolver(() => RoutingDecision, { nullable: true, description: 'The decision that replaced this one, if the order was rerouted.' })
  async supersededBy(@Root() d: RoutingDecision, @Ctx() { loaders }: InventoryContext): Promise<RoutingDecision | null> {
    const found = d.supersededById ? await loaders.routing.decisionById.load(d.supersededById) : null;
    return found ? toRoutingDecision(found) : null;
  }
}

@Resolver(() => Brand)
export class BrandRecoveryResolver {
  @FieldResolver(() => [RoutingException], { description: 'The brand’s orders service recovery could not move (default: the open ones), newest first.' })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  routingExceptions(
    @Root() brand: Brand,
    @Ctx() { loaders }: InventoryContext,
    @Arg('status', () => RoutingExceptionStatusEnum, { nullable: true, defaultValue: RoutingExceptionStatusEnum.OPEN }) status: string | null,
  ): Promise<RoutingExceptionEntity[]> {
    return loaders.recovery.exceptionsByBrand.load({ brandId: brand.id, status });
  }
}

export const routingExceptionReference = {
  __resolveReference: (ref: { id: string }, { loaders }: InventoryContext) => loaders.recovery.exceptionById.load(ref.id),
};
