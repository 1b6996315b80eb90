import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requirePeriod } from '../../../../shared/src/graphql/period';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import type { InventoryContext } from '../context';
import { FulfillmentNode } from '../fulfillment-node/fulfillment-node.type';
import type { BrandCostToServe } from './cost-to-serve.service';
import { CostToServe, FulfillmentCostLine } from './cost-to-serve.type';

/** The GraphQL view: with contract fees unknown, nothing that includes them is shown. */
export function toCostToServe(c: BrandCostToServe): CostToServe {
  return {
    brandId: c.brandId,
    period: c.period,
    orders: c.orders,
    unitsRouted: c.unitsRouted,
    unitsShipped: c.unitsShipped,
    complete: c.complete,
    fulfillment: c.fulfillment,
    partnerFees: c.complete ? c.partnerFees : null,
    sharedServices: c.sharedServices,
    inventory: c.inventory,
    exceptions: c.exceptions,
    total: c.complete ? c.total : null,
    perOrder: c.complete ? c.perOrder : null,
    perUnitShipped: c.complete ? c.perUnitShipped : null,
    byCapability: c.complete ? c.byCapability : null,
  };
}

@Resolver(() => Brand)
export class BrandCostResolver {
  @FieldResolver(() => CostToServe, { description: 'What serving the brand cost in a month, with its breakdown (docs/lifecycle.md).' })
  @Owner('inventory-platform')
  @RequiresScopes(['catalog:read'])
  async costToServe(@Root() brand: Brand, @Arg('period', { description: 'The month, YYYY-MM.' }) period: string, @Ctx() { loaders }: InventoryContext): Promise<CostToServe> {
    requirePeriod('period', period);
    return toCostToServe(await loaders.cost.byBrand.load({ brandId: brand.id, period }));
  }
}

@Resolver(() => FulfillmentCostLine)
export class FulfillmentCostLineResolver {
  @FieldResolver(() => FulfillmentNode)
  async node(@Root() line: FulfillmentCostLine, @Ctx() { loaders }: InventoryContext) {
    return (await loaders.node.byId.load(line.nodeId))!;
  }
}
