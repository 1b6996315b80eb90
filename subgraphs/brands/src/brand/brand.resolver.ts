import { Arg, Ctx, GraphQLISODateTime, Mutation, Query, Resolver } from 'type-graphql';
import { Audited, BrandScoped, Owner, RequiresScopes, ListSize } from '../../../../shared/src/governance/decorators';
import type { BrandsContext } from '../context';
import { BrandEntity } from './brand.entity';
import { brandAsOf, setBrandLifecycle } from './brand.service';
import { Brand, Lifecycle } from './brand.type';

@Resolver(() => Brand)
export class BrandResolver {
  @Query(() => [Brand], { description: 'Every brand of the portfolio you may see, by name.' })
  @Owner('portfolio-office')
  @ListSize({ assumedSize: 20 })
  @RequiresScopes(['catalog:read'])
  brands(@Ctx() { dataSource }: BrandsContext): Promise<Brand[]> {
    return dataSource.getRepository(BrandEntity).find({ order: { name: 'ASC' } });
  }

  @Query(() => Brand, { nullable: true, description: 'One brand by its slug; null if there is none.' })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  @BrandScoped('slug')
  brand(
    @Arg('slug') slug: string,
    @Ctx() { loaders, dataSource }: BrandsContext,
    @Arg('asOf', () => GraphQLISODateTime, {
      nullable: true,
      description: 'The brand as it was at this instant, replayed from the ledger (its own fields; other subgraphs answer for now).',
    })
    asOf?: Date,
  ): Promise<Brand | null> {
    return asOf ? brandAsOf(dataSource, slug, asOf) : loaders.brand.bySlug.load(slug);
  }

  @Mutation(() => Brand, { description: 'Moves a brand to another lifecycle stage; recorded in the portfolio ledger.' })
  @Owner('portfolio-office')
  @Audited('brand.lifecycle.set')
  @RequiresScopes(['portfolio:write'])
  @BrandScoped('slug')
  setBrandLifecycle(
    @Arg('slug') slug: string,
    @Arg('lifecycle', () => Lifecycle) lifecycle: `${Lifecycle}`,
    @Arg('reason', { description: 'Why: kept in the ledger for auditors.' }) reason: string,
    @Ctx() context: BrandsContext,
  ): Promise<Brand> {
    return setBrandLifecycle(context.dataSource, context, { slug, lifecycle, reason });
  }
}

/** `_entities` for Brand: other subgraphs hand us `{ id }` and we return the whole brand. */
export const brandReference = {
  __resolveReference: (ref: { id: string }, { loaders }: BrandsContext) => loaders.brand.byId.load(ref.id),
};
