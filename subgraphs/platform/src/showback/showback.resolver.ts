import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../../../shared/src/errors';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import type { PlatformContext } from '../context';
import { monthOf } from './allocate';
import { brandShowback, showbackView } from './showback-view';
import { BrandShowback, Showback } from './showback.type';

function rangeOf(period: string) {
  const range = monthOf(period);
  if (!range) throw badInput('period', 'must be a month, "YYYY-MM"');
  return range;
}

@Resolver()
export class ShowbackResolver {
  @Query(() => Showback, { description: 'What each shared service cost each brand in a month: its monthly cost allocated by weighted usage.' })
  @Owner('platform-team')
  @RequiresScopes(['costs:read'])
  async showback(@Arg('period', { description: '"YYYY-MM" (UTC).' }) period: string, @Ctx() { loaders }: PlatformContext): Promise<Showback> {
    const range = rangeOf(period);
    const [services, allocations] = await Promise.all([loaders.sharedServices(), loaders.showback.load(period)]);
    return showbackView(period, range, services, allocations);
  }
}

@Resolver(() => Brand)
export class BrandShowbackResolver {
  @FieldResolver(() => BrandShowback, { description: 'What the shared services cost this brand in a month.' })
  @Owner('platform-team')
  @RequiresScopes(['costs:read'])
  async showback(@Root() brand: Brand, @Arg('period', { description: '"YYYY-MM" (UTC).' }) period: string, @Ctx() { loaders }: PlatformContext): Promise<BrandShowback> {
    const range = rangeOf(period);
    const [services, allocations] = await Promise.all([loaders.sharedServices(), loaders.showback.load(period)]);
    const view = showbackView(period, range, services, allocations);
    return view.brands.find((b) => b.brandId === brand.id) ?? brandShowback(period, brand.id, []);
  }
}
