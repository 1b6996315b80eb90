import { In, type DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../../../shared/src/graphql/cursor';
import { preparedQuery } from '../../../../shared/src/db/prepared-query';
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
  // One pass over each brand's SKUs: the page is numbered among the SKUs after the cursor, the
  // count is over all of them (a correlated count per row read the brand's SKUs once per SKU).
  const rows: (SkuEntity & { total: number })[] = (
    await preparedQuery<Record<string, unknown>>(
      dataSource,
      'inventory.sku-pages',
      `SELECT id, brand_id, code, name, price, unit_cost, total FROM (
         SELECT s.id, s.brand_id, s.code, s.name, s.price, s.unit_cost,
                ($2::text IS NULL OR s.code > $2) AS after_cursor,
                row_number() OVER (PARTITION BY s.brand_id, ($2::text IS NULL OR s.code > $2) ORDER BY s.code) AS rn,
                (count(*) OVER (PARTITION BY s.brand_id))::int AS total
           FROM sku s
          WHERE s.brand_id = ANY($1::uuid[])
       ) page WHERE after_cursor AND rn <= $3 ORDER BY brand_id, code`,
      [[...brandIds], afterCode, first + 1],
    )
  ).map((r) => ({
    id: r.id, brandId: r.brand_id, code: r.code, name: r.name,
    price: Number(r.price), unitCost: Number(r.unit_cost), total: r.total,
  }) as SkuEntity & { total: number });
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
