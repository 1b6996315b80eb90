import { Field, Float, ObjectType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

@ObjectType({ description: 'One basic orchestration needs, and whether it holds.' })
@Owner('portfolio-office')
export class ReadinessReasonType {
  @Field({ description: 'INVENTORY_ACCURACY, DATA_FRESHNESS or RULE_CONSISTENCY.' }) code: string;
  @Field() met: boolean;
  @Field() description: string;
}

@ObjectType({ description: 'Whether the basics work well enough to orchestrate: inventory accuracy, data freshness, rule consistency (docs/lifecycle.md).' })
@Owner('portfolio-office')
@BrandScoped('brandId')
export class OrchestrationReadiness {
  @Field({ description: 'Every basic holds: a recommendation of ORCHESTRATE or FEDERATE may be followed without evidence.' }) ready: boolean;
  @Field(() => Float, { description: '0.4·accuracy + 0.3·freshness + 0.3·consistency.' }) score: number;
  @Field(() => Float) inventoryAccuracy: number;
  @Field(() => Float) freshness: number;
  @Field(() => Float) consistency: number;
  @Field(() => [ReadinessReasonType]) reasons: ReadinessReasonType[];

  brandId: string;
}
