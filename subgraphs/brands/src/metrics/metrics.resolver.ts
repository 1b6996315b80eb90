import { Arg, Ctx, Directive, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { parsePeriod, requirePeriod } from '../../../../shared/src/graphql/period';
import { batchByArgs } from '../../../../shared/src/loader';
import { ListSize, Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { BrandEntity } from '../brand/brand.entity';
import { Brand } from '../brand/brand.type';
import type { BrandsContext } from '../context';
import { loadOwnMetrics } from './metrics.service';
import { BrandMetrics } from './metrics.type';
import { exceptionVolume, inventoryAccuracy } from './portfolio-metrics';
import type { DataSource } from 'typeorm';

/** The brands subgraph's part of the metrics, by brand and month; fresh for every request. */
export function createMetricsLoaders(dataSource: DataSource) {
  return {
    byBrand: batchByArgs(
      (brandIds, { period }: { period: string }) => loadOwnMetrics(dataSource, brandIds, parsePeriod(period)!),
      (k: { brandId: string; period: string }) => ({ id: k.brandId, args: { period: k.period } }),
    ),
  };
}

@Resolver(() => BrandMetrics)
export class BrandMetricsResolver {
  @Query(() => [BrandMetrics], { description: 'Per brand you may see, how its operating model performs in a month: cost, exceptions, accuracy, fill rate, decisions, pilots.' })
  @Owner('portfolio-office')
  @ListSize({ assumedSize: 20 })
  @RequiresScopes(['catalog:read'])
  async portfolioMetrics(@Arg('period', { description: 'The month, YYYY-MM.' }) period: string, @Ctx() { dataSource, loaders, principal }: BrandsContext): Promise<BrandMetrics[]> {
    requirePeriod('period', period);
    const brands = (await dataSource.getRepository(BrandEntity).find({ order: { name: 'ASC' } })).filter((b) => mayAccessBrandId(principal, b.id));
    return Promise.all(brands.map((b) => loaders.metrics.byBrand.load({ brandId: b.id, period }))) as Promise<BrandMetrics[]>;
  }

  @FieldResolver(() => Brand)
  async brand(@Root() m: BrandMetrics, @Ctx() { loaders }: BrandsContext): Promise<Brand> {
    return (await loaders.brand.byId.load(m.brandId))!;
  }

  @FieldResolver(() => Int, { description: 'Exceptions proposed + orders rerouted or flagged + breaches opened in the month, from the three ledgers.' })
  @Directive('@requires(fields: "orderExceptions breachesOpened")')
  exceptionVolume(@Root() m: BrandMetrics): number {
    return exceptionVolume(m);
  }

  @FieldResolver(() => Float, { description: 'The worse of stock count accuracy (now) and the INVENTORY_ACCURACY partners reported for the month.' })
  @Directive('@requires(fields: "stockCountAccuracy partnerInventoryAccuracy")')
  inventoryAccuracy(@Root() m: BrandMetrics): number {
    return inventoryAccuracy(m.stockCountAccuracy, m.partnerInventoryAccuracy);
  }
}

/** `_entities`: the brands subgraph's own figures, with the external ones the gateway sent for @requires. */
export const brandMetricsReference = {
  __resolveReference: async (ref: Partial<BrandMetrics> & { brandId: string; period: string }, { loaders }: BrandsContext) => {
    if (!parsePeriod(ref.period)) return null;
    return { ...(await loaders.metrics.byBrand.load({ brandId: ref.brandId, period: ref.period })), ...ref };
  },
};

