import { In, type DataSource } from 'typeorm';
import { rowLoader } from '../../../../shared/src/loader';
import { SkuFootprintEntity } from './footprint.entity';

/** SKU footprints and each brand's summary of them; fresh for every request. */
export function createFootprintLoaders(dataSource: DataSource) {
  const footprints = dataSource.getRepository(SkuFootprintEntity);
  return {
    bySku: rowLoader((skuIds: readonly string[]) => footprints.findBy({ skuId: In([...skuIds]) }), (f) => f.skuId),
    /** Each brand's summary, in one statement for all brands asked; brands with no measured SKU have no row. */
    summaryByBrand: rowLoader(
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
