import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { checkPageSize } from '../../../../shared/src/graphql/cursor';
import { ListSize, Owner } from '../../../../shared/src/governance/decorators';
import type { InventoryContext } from '../context';
import { FulfillmentNode } from '../fulfillment-node/fulfillment-node.type';
import { SkuConnection } from '../sku/sku.type';
import { Brand } from './brand.type';

export const MAX_PAGE_SIZE = 500;

@Resolver(() => Brand)
export class BrandInventoryResolver {
  @FieldResolver(() => SkuConnection, { description: "The brand's SKUs, ordered by code." })
  @Owner('inventory-platform')
  @ListSize({ slicingArguments: ['first'], sizedFields: ['nodes', 'edges'] })
  skus(
    @Root() brand: Brand,
    @Ctx() { loaders }: InventoryContext,
    @Arg('first', () => Int, { defaultValue: 50, description: `Page size, 1–${MAX_PAGE_SIZE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null,
  ): Promise<SkuConnection> {
    checkPageSize(first, MAX_PAGE_SIZE);
    return loaders.sku.pageByBrand.load({ brandId: brand.id, first, after: after ?? null });
  }

  @FieldResolver(() => [FulfillmentNode], {
    description: 'Nodes that hold stock of the brand or that the brand runs itself, by code.',
  })
  @Owner('inventory-platform')
  fulfillmentNodes(@Root() brand: Brand, @Ctx() { loaders }: InventoryContext) {
    return loaders.node.byBrand.load(brand.id);
  }
}
