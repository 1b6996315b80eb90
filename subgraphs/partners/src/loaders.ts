import type { DataSource } from 'typeorm';
import { createBreachLoaders } from './breach/breach.loader';
import { createContractLoaders } from './contract/contract.loader';
import { createPartnerLoaders } from './partner/partner.loader';
import { createPerformanceLoaders } from './performance/performance.loader';
import { createMetricsLoaders } from './metrics/brand-metrics';

/** One set per request, each feature's own: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource) {
  return {
    partner: createPartnerLoaders(dataSource),
    contract: createContractLoaders(dataSource),
    breach: createBreachLoaders(dataSource),
    performance: createPerformanceLoaders(dataSource),
    metrics: createMetricsLoaders(dataSource),
  };
}
