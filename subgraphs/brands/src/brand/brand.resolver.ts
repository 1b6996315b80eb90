import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { BrandScoped, Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import type { BrandsContext } from '../context';
import { BrandEntity } from './brand.entity';
import { Brand } from './brand.type';

@Resolver(() => Brand)
export class BrandResolver {
  @Query(() => [Brand], { description: 'Every brand of the portfolio you may see, by name.' })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  brands(@Ctx() { dataSource }: BrandsContext): Promise<Brand[]> {
    return dataSource.getRepository(BrandEntity).find({ order: { name: 'ASC' } });
  }

  @Query(() => Brand, { nullable: true, description: 'One brand by its slug; null if there is none.' })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  @BrandScoped('slug')
  brand(@Arg('slug') slug: string, @Ctx() { loaders }: BrandsContext): Promise<Brand | null> {
    return loaders.brandBySlug.load(slug);
  }
}

/** `_entities` for Brand: other subgraphs hand us `{ id }` and we return the whole brand. */
export const brandReference = {
  __resolveReference: (ref: { id: string }, { loaders }: BrandsContext) => loaders.brandById.load(ref.id),
};
