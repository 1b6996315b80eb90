import { defineSubgraph } from '../../../shared/src/subgraph/definition';
import { BrandSustainabilityResolver } from './brand/brand.resolver';
import { Brand, brandReference } from './brand/brand.type';
import { createLoaders } from './loaders';
import { SkuFootprintEntity } from './footprint/footprint.entity';
import { FootprintResolver } from './footprint/footprint.resolver';
import { Init1763820000000 } from './migrations/1763820000000-init';
import { seedSustainability } from './seed';
import { skuReference, SkuFootprintResolver } from './sku/sku.resolver';
import { Sku } from './sku/sku.type';

/** The sustainability subgraph: the carbon footprint of SKUs, and of brands in sum. */
export const sustainabilitySubgraph = defineSubgraph({
  name: 'sustainability',
  /** Where it listens unless SUSTAINABILITY_PORT says otherwise; its database is trellis_sustainability. */
  defaultPort: 4004,
  resolvers: [FootprintResolver, SkuFootprintResolver, BrandSustainabilityResolver],
  orphanedTypes: [Brand, Sku],
  referenceResolvers: { Brand: brandReference, Sku: skuReference },
  entities: [SkuFootprintEntity],
  migrations: [Init1763820000000],
  createLoaders,
  seed: seedSustainability,
});
