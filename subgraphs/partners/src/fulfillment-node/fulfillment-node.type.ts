import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The inventory subgraph owns FulfillmentNode; partners resolves who operates it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class FulfillmentNode {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  @Directive('@external')
  operatorPartnerId?: string | null;
}
