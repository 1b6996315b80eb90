import { In, type DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../../../shared/src/graphql/cursor';
import { batchByArgs, groupedByKey, rowLoader } from '../../../../shared/src/loader';
import { SkuEntity } from './sku.entity';
import type { SkuConnection } from './sku.type';

export interface SkuPageKey {
  brandId: string;
  first: number;
  after: string | null;
}

const SKU_CURSOR = 'sku';

/** SKUs by id and code, and each brand's SKUs page by page; fresh for every request. */
export function createSkuLoaders(dataSource: DataSource) {
  const skus = dataSource.getRepository(SkuEntity);
  return {
    byId: rowLoader((ids: readonly string[]) => skus.findBy({ id: In([...ids]) }), (s) => s.id),
    byCode: rowLoader((codes: readonly string[]) => skus.findBy({ code: In([...codes]) }), (s) => s.code),
    /**
     * A page of SKUs for each brand. Pages asking for the same `first`/`after` are fetched in one
     * statement for all brands (a window per brand), so `brands { skus }` costs one query.
     */
    pageByBrand: batchByArgs(
      (brandIds, { first, after }: Omit<SkuPageKey, 'brandId'>) => skuPages(dataSource, brandIds, first, after),
      ({ brandId, ...args }: SkuPageKey) => ({ id: brandId, args }),
    ),
  };
}

async function skuPages(dataSource: DataSource, brandIds: readonly string[], first: number, after: string | null): Promise<SkuConnection[]> {
  const afterCode = after === null ? null : decodeCursor(SKU_CURSOR, after);
  const rows: (SkuEntity & { total: number })[] = (
    await dataSource.query(
      `SELECT id, brand_id, code, name, price, unit_cost, total FROM (
         SELECT s.*, row_number() OVER (PARTITION BY s.brand_id ORDER BY s.code) AS rn,
                (SELECT count(*) FROM sku t WHERE t.brand_id = s.brand_id)::int AS total
           FROM sku s
          WHERE s.brand_id = ANY($1) AND ($2::text IS NULL OR s.code > $2)
       ) page WHERE rn <= $3 ORDER BY brand_id, code`,
      [[...brandIds], afterCode, first + 1],
    )
  ).map((r: Record<string, unknown>) => ({
    id: r.id, brandId: r.brand_id, code: r.code, name: r.name,
    price: Number(r.price), unitCost: Number(r.unit_cost), total: r.total,
  }));
  return groupedByKey(brandIds, rows, (r) => r.brandId).map((brandRows) => {
    const edges = brandRows.slice(0, first).map(({ total: _t, ...sku }) => ({ cursor: encodeCursor(SKU_CURSOR, sku.code), node: sku }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: { hasNextPage: brandRows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: brandRows[0]?.total ?? 0,
    };
  });
}
