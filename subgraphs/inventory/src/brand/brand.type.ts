import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The brands subgraph owns Brand; inventory adds the brand's catalogue and network to it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Brand {
  @Field(() => ID)
  id: string;
}

export const brandReference = {
  __resolveReference: (ref: { id: string }): Brand => ({ id: ref.id }),
};
