import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { parsePeriod } from '../../../../shared/src/graphql/period';
import { BrandScoped, Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';
import type { InventoryContext } from '../context';

/** The brands subgraph owns the portfolio metrics; inventory adds orders, their cost and the stock's accuracy. */
@ObjectType({ description: 'How one brand’s operating model performs in a month.' })
@Directive('@key(fields: "brandId period")')
@Owner('portfolio-office')
@BrandScoped('brandId')
export class BrandMetrics {
  @Field(() => ID) brandId: string;
  @Field() period: string;

  @Field(() => Int, { description: 'Orders first routed in the month.' }) ordersRouted: number;
  @Field(() => Int, { description: 'Orders service recovery rerouted in the month (inventory ledger).' }) reroutedOrders: number;
  @Field(() => Int, { description: 'Orders service recovery flagged for a person in the month (inventory ledger).' }) failedOrders: number;
  @Field(() => Int, { description: 'reroutedOrders + failedOrders.' }) orderExceptions: number;
  @Field(() => Float, { description: 'Stock count accuracy now: 1 − units corrected in the last 30 days / units on hand.' }) stockCountAccuracy: number;

  @Field(() => Float, { nullable: true, description: 'The cost to serve per order in the month. Commercial: derived from costs and contract fees.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read', 'contracts:terms:read'])
  costPerOrder: number | null;
}

export const brandMetricsReference = {
  __resolveReference: async (ref: { brandId: string; period: string }, { loaders }: InventoryContext): Promise<BrandMetrics | null> => {
    if (!parsePeriod(ref.period)) return null;
    const [cost, signals] = await Promise.all([loaders.cost.byBrand.load({ brandId: ref.brandId, period: ref.period }), loaders.signals.byBrand.load(ref.brandId)]);
    return {
      brandId: ref.brandId,
      period: ref.period,
      ordersRouted: cost.orders,
      reroutedOrders: cost.exceptions.reroutedOrders,
      failedOrders: cost.exceptions.failedOrders,
      orderExceptions: cost.exceptions.reroutedOrders + cost.exceptions.failedOrders,
      stockCountAccuracy: signals.stockCountAccuracy,
      costPerOrder: cost.complete ? cost.perOrder : null,
    };
  },
};
