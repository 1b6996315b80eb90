import { Field, Float, Int, ObjectType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

@ObjectType({ description: 'What inventory knows about whether a brand’s basics work: stock accuracy, data freshness, rule consistency (docs/lifecycle.md).' })
@Owner('inventory-platform')
@BrandScoped('brandId')
export class InventorySignals {
  @Field(() => Int, { description: 'The brand’s stock positions with units on hand.' }) positions: number;
  @Field(() => Int, { description: 'Of those, confirmed (counted, corrected or shipped) more than a week ago.' }) stalePositions: number;
  @Field(() => Float, { nullable: true, description: 'Hours since the least recently confirmed position.' }) oldestPositionHours: number | null;
  @Field(() => Int) onHandUnits: number;
  @Field(() => Int, { description: 'Units corrected by stock adjustments in the last 30 days (from the inventory ledger).' }) adjustedUnits: number;
  @Field(() => Float, { description: '1 − adjustedUnits / onHandUnits, at least 0.' }) stockCountAccuracy: number;
  @Field({ description: 'The brand’s sourcing policy leaves no active node its fulfillment operating model allows.' }) policyConflict: boolean;

  brandId: string;
  nodesWithoutCapacityIds: string[];
}
