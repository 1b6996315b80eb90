import { Field, Int, ObjectType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';
import { FulfillmentNode } from '../fulfillment-node/fulfillment-node.type';

@ObjectType({ description: 'Stock of one SKU at one node.' })
@Owner('inventory-platform')
export class StockPosition {
  @Field(() => FulfillmentNode)
  node: FulfillmentNode;

  @Field(() => Int)
  onHand: number;

  @Field(() => Int, { description: 'Units promised to orders and not yet shipped.' })
  reserved: number;

  @Field(() => Int, { description: 'Units kept back from promising.' })
  safetyStock: number;

  @Field(() => Int, { description: 'onHand − reserved − safetyStock, never below 0.' })
  available: number;

  /** Keys the resolvers use. */
  skuId: string;
  nodeId: string;
}
