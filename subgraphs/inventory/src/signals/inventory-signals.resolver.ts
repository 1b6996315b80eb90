import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import type { InventoryContext } from '../context';
import { FulfillmentNode } from '../fulfillment-node/fulfillment-node.type';
import { InventorySignals } from './inventory-signals.type';

@Resolver(() => Brand)
export class BrandSignalsResolver {
  @FieldResolver(() => InventorySignals, { description: 'Stock accuracy, data freshness and rule consistency of the brand’s inventory: what orchestration readiness is judged on.' })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  inventorySignals(@Root() brand: Brand, @Ctx() { loaders }: InventoryContext): Promise<InventorySignals> {
    return loaders.signals.byBrand.load(brand.id);
  }
}

@Resolver(() => InventorySignals)
export class InventorySignalsResolver {
  @FieldResolver(() => [FulfillmentNode], { description: 'The brand’s nodes without capacity: active with none, or inactive while holding its stock.' })
  async nodesWithoutCapacity(@Root() s: InventorySignals, @Ctx() { loaders }: InventoryContext) {
    return (await loaders.node.byId.loadMany(s.nodesWithoutCapacityIds)).filter((n) => n && !(n instanceof Error));
  }
}
