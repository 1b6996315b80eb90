import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { InventoryContext } from '../context';
import { FulfillmentNode } from '../fulfillment-node/fulfillment-node.type';
import { availableAt } from './available';
import type { StockPositionEntity } from './stock-position.entity';
import { StockPosition } from './stock-position.type';

@Resolver(() => StockPosition)
export class StockPositionResolver {
  @FieldResolver(() => FulfillmentNode)
  async node(@Root() position: StockPositionEntity, @Ctx() { loaders }: InventoryContext): Promise<FulfillmentNode> {
    return (await loaders.node.byId.load(position.nodeId))!;
  }

  @FieldResolver(() => Int)
  available(@Root() position: StockPositionEntity): number {
    return availableAt(position);
  }
}
