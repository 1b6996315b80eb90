import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

/** The brands subgraph owns Brand; sustainability adds the brand's footprint summary to it. */
@ObjectType()
@Directive('@key(fields: "id")')
@Owner('portfolio-office')
@BrandScoped('id')
export class Brand {
  @Field(() => ID)
  id: string;
}

@ObjectType({ description: "A brand's measured SKU footprints, summed up." })
@Owner('sustainability-office')
export class BrandSustainability {
  @Field(() => Int, { description: 'SKUs of the brand with a measured footprint.' })
  skusMeasured: number;

  @Field(() => Float, { nullable: true, description: 'Mean footprint per unit over the measured SKUs, kg CO2e.' })
  averageFootprintKg: number | null;

  @Field(() => Float, { nullable: true, description: 'Sum of the per-unit footprints of the measured SKUs, kg CO2e.' })
  totalFootprintKg: number | null;
}

export const brandReference = {
  __resolveReference: (ref: { id: string }): Brand => ({ id: ref.id }),
};
