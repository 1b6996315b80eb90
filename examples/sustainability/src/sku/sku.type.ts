import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

/**
 * The inventory subgraph owns Sku; sustainability adds its footprint. The stub has only the key, so
 * it cannot be @brandScoped(by: "brandId"): the footprint resolver checks the brand of the row instead.
 */
@ObjectType()
@Directive('@key(fields: "id")')
@Owner('inventory-platform')
export class Sku {
  @Field(() => ID)
  id: string;
}
