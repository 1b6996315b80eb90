import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

export enum CapabilityLayer {
  EDGE = 'EDGE',
  CONTROL_PLANE = 'CONTROL_PLANE',
}
registerEnumType(CapabilityLayer, {
  name: 'CapabilityLayer',
  description: 'EDGE capabilities face the customer and may differ by brand; CONTROL_PLANE ones run the business underneath.',
});

@ObjectType({ description: 'A business capability every brand needs (storefront, pricing, fulfillment, …).' })
@Directive('@key(fields: "id")')
@Owner('portfolio-office')
export class Capability {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Stable code, e.g. "STOREFRONT".' })
  code: string;

  @Field()
  name: string;

  @Field(() => CapabilityLayer)
  layer: `${CapabilityLayer}`;

  /** Not a GraphQL field: `parent` resolves it. */
  parentId: string | null;
}
