import { Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';
import { isUuid } from '../../../../shared/src/errors';
import type { InventoryContext } from '../context';
import { Brand } from '../brand/brand.type';
import { availableAcross } from '../stock/available';
import { StockPosition } from '../stock/stock-position.type';
import { grossMargin } from './gross-margin';
import { Sku } from './sku.type';

@Resolver(() => Sku)
export class SkuResolver {
  @Query(() => Sku, { nullable: true })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  async sku(@Arg('id', () => ID) id: string, @Ctx() { loaders }: InventoryContext): Promise<Sku | null> {
    return isUuid(id) ? loaders.sku.byId.load(id) : null;
  }

  @Query(() => Sku, { nullable: true, description: 'One SKU by its code, e.g. "HAL-001".' })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  skuByCode(@Arg('code') code: string, @Ctx() { loaders }: InventoryContext): Promise<Sku | null> {
    return loaders.sku.byCode.load(code);
  }

  @FieldResolver(() => Brand)
  brand(@Root() sku: Sku): Brand {
    return { id: sku.brandId };
  }

  @FieldResolver(() => [StockPosition], { description: 'Stock at every node that holds this SKU, by node code.' })
  stock(@Root() sku: Sku, @Ctx() { loaders }: InventoryContext) {
    return loaders.stock.bySku.load(sku.id);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Gross margin: (price − unitCost) / price, 0–1.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  margin(@Root() sku: Sku): number | null {
    return grossMargin(sku.price, sku.unitCost);
  }

  @FieldResolver(() => Int, { description: 'Units available to promise across all nodes.' })
  async available(@Root() sku: Sku, @Ctx() { loaders }: InventoryContext): Promise<number> {
    const positions = await loaders.stock.bySku.load(sku.id);
    return availableAcross(positions);
  }
}

export const skuReference = {
  __resolveReference: (ref: { id: string }, { loaders }: InventoryContext) => loaders.sku.byId.load(ref.id),
};
