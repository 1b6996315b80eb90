import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import type { createLoaders } from './loaders';

export type SustainabilityLoaders = ReturnType<typeof createLoaders>;
export type SustainabilityContext = SubgraphContext<SustainabilityLoaders>;
