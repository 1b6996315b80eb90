import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

/** The inventory subgraph owns FulfillmentNode; partners resolves who operates it. */
@ObjectType()
@Directive('@key(fields: "id")')
@Owner('inventory-platform')
export class FulfillmentNode {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  @Directive('@external')
  operatorPartnerId?: string | null;
}
