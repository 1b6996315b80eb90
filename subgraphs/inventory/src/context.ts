import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import type { createLoaders } from './loaders';
import type { RoutingServices } from './routing/routing-services';

export type InventoryLoaders = ReturnType<typeof createLoaders>;
export type InventoryContext = SubgraphContext<InventoryLoaders, RoutingServices>;
