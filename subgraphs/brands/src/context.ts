import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import type { createLoaders } from './loaders';
import type { UpstreamFacts } from './upstream/upstream-facts';

export type BrandsLoaders = ReturnType<typeof createLoaders>;
/** What the brands subgraph reads from the rest of the graph, made once at start. */
export interface BrandsServices {
  facts: UpstreamFacts;
}
export type BrandsContext = SubgraphContext<BrandsLoaders, BrandsServices>;
