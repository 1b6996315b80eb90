import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { Audited, BrandsOf, Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import type { InventoryContext } from '../context';
import { adjustStock } from './stock.service';
import { StockPosition } from './stock-position.type';

@Resolver(() => StockPosition)
export class StockMutationResolver {
  @Mutation(() => StockPosition, { description: 'Corrects stock on hand at a node; recorded in the inventory ledger.' })
  @Owner('inventory-platform')
  @Audited('stock.adjust')
  @RequiresScopes(['inventory:write'])
  @BrandsOf('Sku', 'skuId')
  adjustStock(
    @Arg('skuId', () => ID) skuId: string,
    @Arg('nodeId', () => ID) nodeId: string,
    @Arg('delta', () => Int, { description: 'Units to add (positive) or remove (negative).' }) delta: number,
    @Arg('reason', { description: 'Why: kept in the ledger for auditors.' }) reason: string,
    @Ctx() context: InventoryContext,
  ) {
    return adjustStock(context.dataSource, context, { skuId, nodeId, delta, reason });
  }
}
