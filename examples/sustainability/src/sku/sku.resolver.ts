import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { forbiddenBrandError } from '../../../../shared/src/errors';
import { Owner } from '../../../../shared/src/governance/decorators';
import type { SustainabilityContext } from '../context';
import { Sku } from './sku.type';

@Resolver(() => Sku)
export class SkuFootprintResolver {
  @FieldResolver(() => Float, { nullable: true, description: 'Cradle-to-gate footprint per unit, kg CO2e; null if not yet measured.' })
  @Owner('sustainability-office')
  async carbonFootprintKg(@Root() sku: Sku, @Ctx() { loaders, principal }: SustainabilityContext): Promise<number | null> {
    const footprint = await loaders.footprint.bySku.load(sku.id);
    if (!footprint) return null;
    // The stub carries no brand id, so the brand scope is checked on the row.
    if (!mayAccessBrandId(principal, footprint.brandId)) throw forbiddenBrandError('This Sku');
    return footprint.kgCo2e;
  }
}

export const skuReference = {
  __resolveReference: (ref: { id: string }): Sku => ({ id: ref.id }),
};
