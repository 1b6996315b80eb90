import type { BrandLookup } from '../../../shared/src/subgraph/brand-lookup';
import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import type { createLoaders } from './loaders';

export type PartnersLoaders = ReturnType<typeof createLoaders>;
export interface PartnersServices {
  brands: BrandLookup;
}

export type PartnersContext = SubgraphContext<PartnersLoaders, PartnersServices>;
