import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';

export enum NodeKind {
  WAREHOUSE = 'WAREHOUSE',
  STORE = 'STORE',
  THREE_PL = 'THREE_PL',
  DROPSHIP = 'DROPSHIP',
}
registerEnumType(NodeKind, { name: 'NodeKind', description: 'What sort of place ships from this node.' });

export enum NodeOperatorType {
  BRAND = 'BRAND',
  PLATFORM = 'PLATFORM',
  PARTNER = 'PARTNER',
}
registerEnumType(NodeOperatorType, {
  name: 'NodeOperatorType',
  description: 'Who runs the node: the brand itself, the shared platform, or a partner.',
});

@ObjectType({ description: 'A place orders ship from: own warehouse, store, 3PL or drop-shipper.' })
@Directive('@key(fields: "id")')
@Owner('inventory-platform')
export class FulfillmentNode {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => NodeKind)
  kind: `${NodeKind}`;

  @Field({ description: 'Shipping region, e.g. "EU-WEST".' })
  region: string;

  @Field(() => NodeOperatorType)
  operatorType: `${NodeOperatorType}`;

  /** Resolved as `operatorBrand`. */
  operatorBrandId: string | null;

  @Field(() => ID, { nullable: true, description: 'The partner running the node, if partner-run; `operator` gives the partner.' })
  operatorPartnerId: string | null;

  @Field(() => Float, { nullable: true, description: 'Handling cost per unit shipped.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  costPerUnit: number;

  @Field(() => Int, { description: 'Working days from order to dispatch.' })
  handlingDays: number;

  @Field(() => Int, { description: 'Units the node can ship per day.' })
  dailyCapacity: number;

  @Field()
  active: boolean;
}
