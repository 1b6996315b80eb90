import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

/** The brands subgraph owns Brand; partners adds the brand's partners and contracts to it. */
@ObjectType()
@Directive('@key(fields: "id")')
@Owner('portfolio-office')
@BrandScoped('id')
export class Brand {
  @Field(() => ID)
  id: string;
}
