import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

/** The brands subgraph owns Brand; the platform adds what the shared services cost it. */
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

/** The brands subgraph owns Capability; a shared service names the one it serves. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
@Owner('portfolio-office')
export class Capability {
  @Field(() => ID)
  id: string;
}
