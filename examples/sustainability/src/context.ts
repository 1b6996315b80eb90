import { In, type DataSource } from 'typeorm';
import { rowLoader } from '../../../shared/src/loader';
import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import type { BrandSustainability } from './brand/brand.type';
import { SkuFootprintEntity } from './footprint/footprint.entity';

/** One set per request: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource) {
  const footprints = dataSource.getRepository(SkuFootprintEntity);
  return {
    footprintBySku: rowLoader((skuIds: readonly string[]) => footprints.findBy({ skuId: In([...skuIds]) }), (f) => f.skuId),
    /** Each brand's summary, in one statement for all brands asked; brands with no measured SKU have no row. */
    sustainabilityByBrand: rowLoader(
      async (brandIds: readonly string[]) => {
        const rows: { brand_id: string; skus_measured: number; average: number | null; total: number | null }[] = await dataSource.query(
          `SELECT brand_id, count(*)::int AS skus_measured,
                  round(avg(kg_co2e), 3)::float8 AS average, sum(kg_co2e)::float8 AS total
             FROM sku_footprint
            WHERE brand_id = ANY($1)
            GROUP BY brand_id`,
          [[...brandIds]],
        );
        return rows.map((r) => ({ brandId: r.brand_id, skusMeasured: r.skus_measured, averageFootprintKg: r.average, totalFootprintKg: r.total }));
      },
      (s): string => s.brandId,
    ),
  };
}

export type SustainabilityLoaders = ReturnType<typeof createLoaders>;
export type SustainabilityContext = SubgraphContext<SustainabilityLoaders>;
