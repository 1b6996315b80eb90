import type { DataSource } from 'typeorm';
import { createBrandLoaders } from './brand/brand.loader';
import { createCapabilityLoaders } from './capability/capability.loader';
import { createAssessmentLoaders } from './decision/assessment.loader';
import { createDecisionLoaders } from './decision/decision.loader';
import { createPilotLoaders } from './pilot/pilot.loader';
import { createRolloutLoaders } from './rollout/rollout.loader';
import { createMetricsLoaders } from './metrics/metrics.resolver';

/** One set per request, each feature's own: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource) {
  return {
    brand: createBrandLoaders(dataSource),
    capability: createCapabilityLoaders(dataSource),
    assessment: createAssessmentLoaders(dataSource),
    decision: createDecisionLoaders(dataSource),
    pilot: createPilotLoaders(dataSource),
    rollout: createRolloutLoaders(dataSource),
    metrics: createMetricsLoaders(dataSource),
  };
}
