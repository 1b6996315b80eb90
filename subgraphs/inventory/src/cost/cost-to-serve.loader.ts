import type { DataSource } from 'typeorm';
import { parsePeriod } from '../../../../shared/src/graphql/period';
import { batchByArgs } from '../../../../shared/src/loader';
import type { CostFacts } from './cost-facts';
import { loadCostToServe } from './cost-to-serve.service';

/** Cost to serve by brand and month; fresh for every request, one batch per month asked. */
export function createCostLoaders(dataSource: DataSource, facts: CostFacts) {
  return {
    byBrand: batchByArgs(
      (brandIds, { period }: { period: string }) => loadCostToServe(dataSource, facts, brandIds, parsePeriod(period)!),
      (k: { brandId: string; period: string }) => ({ id: k.brandId, args: { period: k.period } }),
    ),
  };
}
