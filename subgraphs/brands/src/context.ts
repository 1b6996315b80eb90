import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import type { createLoaders } from './loaders';

export type BrandsLoaders = ReturnType<typeof createLoaders>;
export type BrandsContext = SubgraphContext<BrandsLoaders>;
