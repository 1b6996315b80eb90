import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import type { BrandsContext } from '../context';
import { orchestrationReadiness, type Readiness } from './readiness';
import { OrchestrationReadiness } from './readiness.type';

/** The brand's readiness now, or null when its inventory and partner facts cannot be read. */
export async function readinessOf(context: Pick<BrandsContext, 'services'>, brandId: string): Promise<Readiness | null> {
  const inputs = await context.services.facts.readinessOf(brandId);
  return inputs ? orchestrationReadiness(inputs) : null;
}

@Resolver(() => Brand)
export class BrandReadinessResolver {
  @FieldResolver(() => OrchestrationReadiness, { nullable: true, description: 'Whether the brand’s basics work well enough to orchestrate; null when inventory and partners cannot be read.' })
  @Owner('portfolio-office')
  async orchestrationReadiness(@Root() brand: Brand, @Ctx() context: BrandsContext): Promise<OrchestrationReadiness | null> {
    const readiness = await readinessOf(context, brand.id);
    return readiness ? { ...readiness, brandId: brand.id } : null;
  }
}
