import { brandColumn } from '../../../shared/src/subgraph/brands-of';
import { defineSubgraph } from '../../../shared/src/subgraph/definition';
import { BrandEntity } from './brand/brand.entity';
import { brandReference, BrandResolver } from './brand/brand.resolver';
import { CapabilityEntity } from './capability/capability.entity';
import { capabilityReference, CapabilityResolver } from './capability/capability.resolver';
import { Brand } from './brand/brand.type';
import { createLoaders } from './loaders';
import { Init1763770000000 } from './migrations/1763770000000-init';
import { seedBrands } from './seed';
import { AssessmentEntity } from './decision/assessment.entity';
import { DecisionEntity } from './decision/decision.entity';
import {
  AssessmentResolver,
  BrandCapabilityResolver,
  BrandDecisionResolver,
  DecisionResolver,
  decisionReference,
  PortfolioCellResolver,
} from './decision/decision.resolver';
import { Decisions1763800000000 } from './migrations/1763800000000-decisions';
import { Lifecycle1764300000000 } from './migrations/1764300000000-lifecycle';
import { PilotEntity, PilotMeasurementEntity } from './pilot/pilot.entity';
import { BrandPilotResolver, DecisionPilotResolver, PilotCandidateResolver, pilotReference, PilotResolver } from './pilot/pilot.resolver';
import { RolloutEntity, RolloutPhaseEntity } from './rollout/rollout.entity';
import { BrandRolloutResolver, DecisionRolloutResolver, RolloutPhaseResolver, rolloutReference, RolloutResolver } from './rollout/rollout.resolver';
import type { BrandsServices } from './context';
import { UpstreamFacts } from './upstream/upstream-facts';
import { BrandReadinessResolver } from './readiness/readiness.resolver';
import { brandMetricsReference, BrandMetricsResolver } from './metrics/metrics.resolver';

/** The brands subgraph: the portfolio's brands, the capability catalogue, decisions and their lifecycle: pilots, rollouts, readiness. */
export const brandsSubgraph = defineSubgraph({
  name: 'brands',
  defaultPort: 4001,
  resolvers: [
    BrandResolver, CapabilityResolver,
    DecisionResolver, AssessmentResolver, BrandCapabilityResolver, PortfolioCellResolver, BrandDecisionResolver,
    PilotResolver, PilotCandidateResolver, BrandPilotResolver, DecisionPilotResolver,
    RolloutResolver, RolloutPhaseResolver, BrandRolloutResolver, DecisionRolloutResolver,
    BrandReadinessResolver, BrandMetricsResolver,
  ],
  referenceResolvers: {
    Brand: brandReference,
    Capability: capabilityReference,
    OperatingModelDecision: decisionReference,
    Pilot: pilotReference,
    Rollout: rolloutReference,
    BrandMetrics: brandMetricsReference,
  },
  entities: [BrandEntity, CapabilityEntity, AssessmentEntity, DecisionEntity, PilotEntity, PilotMeasurementEntity, RolloutEntity, RolloutPhaseEntity],
  migrations: [Init1763770000000, Decisions1763800000000, Lifecycle1764300000000],
  ledger: { rootField: 'portfolioLedger', brandField: 'portfolioLedger', brandType: Brand, label: 'portfolio' },
  accessLog: { rootField: 'portfolioAccessLog', label: 'portfolio' },
  brandsOf: { OperatingModelDecision: brandColumn('operating_model_decision'), Pilot: brandColumn('pilot'), Rollout: brandColumn('rollout') },
  /** Facts of inventory and partners the rollout gates and orchestration readiness judge by, read through the gateway. */
  start: ({ graph, logger }) => ({ services: { facts: new UpstreamFacts(graph, logger) } satisfies BrandsServices }),
  createLoaders,
  seed: seedBrands,
});
