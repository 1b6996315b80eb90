import type { DataSource } from 'typeorm';
import { preparedQuery } from '../../../../shared/src/db/prepared-query';
import { rowLoader } from '../../../../shared/src/loader';
import { BrandEntity } from './brand.entity';

/**
 * Brands by id and slug; fresh for every request. Raw SQL with exactly the entity's columns, as
 * prepared statements: every storefront request resolves its brand here, and TypeORM's query
 * building and hydration cost more CPU than the statement.
 */
export function createBrandLoaders(dataSource: DataSource) {
  const select = async (column: 'id' | 'slug', keys: readonly string[]) =>
    (
      await preparedQuery<BrandRow>(
        dataSource,
        `brands.by-${column}`,
        `SELECT id, slug, name, portfolio_role, lifecycle, created_at, updated_at FROM brand WHERE ${column} = ANY($1::${column === 'id' ? 'uuid' : 'text'}[])`,
        [[...keys]],
      )
    ).map(brandOf);
  return {
    byId: rowLoader((ids: readonly string[]) => select('id', ids), (b) => b.id),
    bySlug: rowLoader((slugs: readonly string[]) => select('slug', slugs), (b) => b.slug),
  };
}

interface BrandRow {
  id: string;
  slug: string;
  name: string;
  portfolio_role: BrandEntity['portfolioRole'];
  lifecycle: BrandEntity['lifecycle'];
  created_at: Date;
  updated_at: Date;
}

function brandOf(r: BrandRow): BrandEntity {
  return Object.assign(new BrandEntity(), {
    id: r.id,
    slug: r.slug,
    name: r.name,
    portfolioRole: r.portfolio_role,
    lifecycle: r.lifecycle,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}
