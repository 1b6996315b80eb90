import { In, type DataSource } from 'typeorm';
import { rowLoader } from '../../../../shared/src/loader';
import { BrandEntity } from './brand.entity';

/** Brands by id and slug; fresh for every request. */
export function createBrandLoaders(dataSource: DataSource) {
  const brands = dataSource.getRepository(BrandEntity);
  return {
    byId: rowLoader((ids: readonly string[]) => brands.findBy({ id: In([...ids]) }), (b) => b.id),
    bySlug: rowLoader((slugs: readonly string[]) => brands.findBy({ slug: In([...slugs]) }), (b) => b.slug),
  };
}
