import { AccessLogEntity } from '../../../shared/src/access-log/access-log.entity';
import { createAccessLogResolver } from '../../../shared/src/access-log/access-log.resolver';
import type { SubgraphDefinition } from '../../../shared/src/subgraph/server';
import { AccessLog1763780000000 } from './migrations/1763780000000-access-log';
import { Ledger1763790000000 } from './migrations/1763790000000-ledger';
import { LedgerEntryEntity } from '../../../shared/src/ledger/ledger-entry.entity';
import { createLedgerResolvers } from '../../../shared/src/ledger/ledger.resolver';
import { BrandEntity } from './brand/brand.entity';
import { brandReference, BrandResolver } from './brand/brand.resolver';
import { CapabilityEntity } from './capability/capability.entity';
import { capabilityReference, CapabilityResolver } from './capability/capability.resolver';
import { Brand } from './brand/brand.type';
import { createLoaders, type BrandsLoaders } from './context';
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

/** The brands subgraph: the portfolio's brands and the capability catalogue. */
export const brandsSubgraph: SubgraphDefinition<BrandsLoaders> = {
  name: 'brands',
  resolvers: [
    BrandResolver, CapabilityResolver, createAccessLogResolver('portfolioAccessLog', 'portfolio'),
    DecisionResolver, AssessmentResolver, BrandCapabilityResolver, PortfolioCellResolver, BrandDecisionResolver,
    ...createLedgerResolvers({ rootField: 'portfolioLedger', brandField: 'portfolioLedger', brandType: Brand, label: 'portfolio' }),
  ],
  referenceResolvers: { Brand: brandReference, Capability: capabilityReference, OperatingModelDecision: decisionReference },
  entities: [BrandEntity, CapabilityEntity, AccessLogEntity, LedgerEntryEntity, AssessmentEntity, DecisionEntity],
  migrations: [Init1763770000000, AccessLog1763780000000, Ledger1763790000000, Decisions1763800000000],
  createLoaders,
  seed: seedBrands,
};
