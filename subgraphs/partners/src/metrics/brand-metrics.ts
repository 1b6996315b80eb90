import DataLoader from 'dataloader';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { parsePeriod } from '../../../../shared/src/graphql/period';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';
import type { PartnersContext } from '../context';
import { brandPerformance } from '../performance/brand-performance';

/** The brands subgraph owns the portfolio metrics; partners adds what the brand's partners reported and breached. */
@ObjectType({ description: 'How one brand’s operating model performs in a month.' })
@Directive('@key(fields: "brandId period")')
@Owner('portfolio-office')
@BrandScoped('brandId')
export class BrandMetrics {
  @Field(() => ID) brandId: string;
  @Field() period: string;

  @Field(() => Float, { nullable: true, description: 'Mean FILL_RATE the brand’s partners reported for the month.' }) fillRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean INVENTORY_ACCURACY the brand’s partners reported for the month.' }) partnerInventoryAccuracy: number | null;
  @Field(() => Int, { description: 'Breaches of the brand’s contracts opened in the month (partner ledger).' }) breachesOpened: number;
}

/** Breaches opened per brand in a month, from the partner ledger; fresh for every request. */
export function createMetricsLoaders(dataSource: DataSource) {
  return {
    breachesOpened: new DataLoader<string, number, string>(
      async (keys) => {
        const asked = keys.map((k) => JSON.parse(k) as { brandId: string; period: string });
        return Promise.all(
          asked.map(async ({ brandId, period }) => {
            const bounds = parsePeriod(period)!;
            const [{ n }] = await dataSource.query(
              `SELECT count(*)::int AS n FROM ledger_entry WHERE brand_id = $1 AND action = 'breach.open' AND occurred_at >= $2 AND occurred_at < $3`,
              [brandId, bounds.start, bounds.end],
            );
            return n as number;
          }),
        );
      },
      { cacheKeyFn: (k) => k },
    ),
  };
}

export const brandMetricsReference = {
  __resolveReference: async (ref: { brandId: string; period: string }, { loaders }: PartnersContext): Promise<BrandMetrics | null> => {
    if (!parsePeriod(ref.period)) return null;
    const [reports, breachesOpened] = await Promise.all([
      loaders.performance.currentReportsByBrand.load(ref.brandId),
      loaders.metrics.breachesOpened.load(JSON.stringify({ brandId: ref.brandId, period: ref.period })),
    ]);
    const performance = brandPerformance(reports, ref.period);
    return { brandId: ref.brandId, period: ref.period, fillRate: performance.fillRate, partnerInventoryAccuracy: performance.inventoryAccuracy, breachesOpened };
  },
};
