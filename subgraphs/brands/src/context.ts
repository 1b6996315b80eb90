import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { rowLoader } from '../../../shared/src/loader';
import type { SubgraphContext } from '../../../shared/src/subgraph/server';
import { BrandEntity } from './brand/brand.entity';
import { CapabilityEntity } from './capability/capability.entity';

/** One set per request: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource) {
  const brands = dataSource.getRepository(BrandEntity);
  const capabilities = dataSource.getRepository(CapabilityEntity);
  return {
    brandById: rowLoader((ids: readonly string[]) => brands.findBy({ id: In([...ids]) }), (b) => b.id),
    brandBySlug: rowLoader((slugs: readonly string[]) => brands.findBy({ slug: In([...slugs]) }), (b) => b.slug),
    capabilityById: rowLoader((ids: readonly string[]) => capabilities.findBy({ id: In([...ids]) }), (c) => c.id),
    capabilityByCode: rowLoader((codes: readonly string[]) => capabilities.findBy({ code: In([...codes]) }), (c) => c.code),
  };
}

export type BrandsLoaders = ReturnType<typeof createLoaders>;
export type BrandsContext = SubgraphContext<BrandsLoaders>;
