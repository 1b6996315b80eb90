import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The brands subgraph owns Brand; partners adds the brand's partners and contracts to it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Brand {
  @Field(() => ID)
  id: string;
}
