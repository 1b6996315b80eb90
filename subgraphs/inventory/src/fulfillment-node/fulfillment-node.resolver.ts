import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { isUuid } from '../../../../shared/src/errors';
import type { InventoryContext } from '../context';
import { Brand } from '../brand/brand.type';
import { FulfillmentNodeEntity } from './fulfillment-node.entity';
import { FulfillmentNode } from './fulfillment-node.type';

@Resolver(() => FulfillmentNode)
export class FulfillmentNodeResolver {
  @Query(() => [FulfillmentNode], { description: 'Every fulfillment node of the network, by code.' })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  fulfillmentNodes(@Ctx() { dataSource }: InventoryContext): Promise<FulfillmentNode[]> {
    return dataSource.getRepository(FulfillmentNodeEntity).find({ order: { code: 'ASC' } });
  }

  @Query(() => FulfillmentNode, { nullable: true })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  async fulfillmentNode(@Arg('id', () => ID) id: string, @Ctx() { loaders }: InventoryContext): Promise<FulfillmentNode | null> {
    return isUuid(id) ? loaders.node.byId.load(id) : null;
  }

  @FieldResolver(() => Brand, { nullable: true, description: 'The brand running the node, if brand-operated.' })
  operatorBrand(@Root() node: FulfillmentNode): Brand | null {
    return node.operatorBrandId ? { id: node.operatorBrandId } : null;
  }
}

export const fulfillmentNodeReference = {
  __resolveReference: (ref: { id: string }, { loaders }: InventoryContext) => loaders.node.byId.load(ref.id),
};
