import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';
import type { SustainabilityContext } from '../context';
import { Brand, BrandSustainability } from './brand.type';

@Resolver(() => Brand)
export class BrandSustainabilityResolver {
  @FieldResolver(() => BrandSustainability, { nullable: true, description: "The brand's footprint summary." })
  @Owner('sustainability-office')
  async sustainability(@Root() brand: Brand, @Ctx() { loaders }: SustainabilityContext): Promise<BrandSustainability> {
    return (await loaders.footprint.summaryByBrand.load(brand.id)) ?? { skusMeasured: 0, averageFootprintKg: null, totalFootprintKg: null };
  }
}
