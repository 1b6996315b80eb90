import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

/** The brands subgraph owns Brand; inventory adds the brand's catalogue and network to it. */
@ObjectType()
@Directive('@key(fields: "id")')
@Owner('portfolio-office')
@BrandScoped('id')
export class Brand {
  @Field(() => ID)
  id: string;
}

export const brandReference = {
  __resolveReference: (ref: { id: string }): Brand => ({ id: ref.id }),
};
