import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

/** The brands subgraph owns pilots; inventory names the one a decision was routed under. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
@Owner('portfolio-office')
export class Pilot {
  @Field(() => ID)
  id: string;
}

@ObjectType({ description: 'A running FULFILLMENT pilot: the orders in its scope are routed under the model on trial instead of the decided one.' })
@Owner('inventory-platform')
export class PilotOverride {
  @Field(() => Pilot) pilot: Pilot;
  @Field({ description: 'The model on trial.' }) model: string;
  @Field(() => [String]) regions: string[];
  @Field(() => [String]) channels: string[];
  @Field(() => [ID]) skuIds: string[];
}
