import type { DataSource } from 'typeorm';
import { createNodeLoaders } from './fulfillment-node/fulfillment-node.loader';
import { createRoutingLoaders } from './routing/routing.loader';
import { createSkuLoaders } from './sku/sku.loader';
import { createStockLoaders } from './stock/stock.loader';
import { createRecoveryLoaders } from './recovery/recovery.loader';
import { createCostLoaders } from './cost/cost-to-serve.loader';
import { createSignalLoaders } from './signals/inventory-signals.loader';
import type { RoutingServices } from './routing/routing-services';

/** One set per request, each feature's own: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource, services: RoutingServices) {
  const node = createNodeLoaders(dataSource);
  return {
    node,
    sku: createSkuLoaders(dataSource),
    stock: createStockLoaders(dataSource, node.byId),
    routing: createRoutingLoaders(dataSource),
    recovery: createRecoveryLoaders(dataSource),
    cost: createCostLoaders(dataSource, services.costs),
    signals: createSignalLoaders(dataSource, services.facts),
  };
}
