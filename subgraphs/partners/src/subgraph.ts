import { AccessLogEntity } from '../../../shared/src/access-log/access-log.entity';
import { createAccessLogResolver } from '../../../shared/src/access-log/access-log.resolver';
import type { SubgraphDefinition } from '../../../shared/src/subgraph/server';
import { AccessLog1763780000000 } from './migrations/1763780000000-access-log';
import { Ledger1763790000000 } from './migrations/1763790000000-ledger';
import { LedgerEntryEntity } from '../../../shared/src/ledger/ledger-entry.entity';
import { createLedgerResolvers } from '../../../shared/src/ledger/ledger.resolver';
import { brandReference, BrandPartnersResolver } from './brand/brand.resolver';
import { Brand } from './brand/brand.type';
import { createLoaders, type PartnersLoaders } from './context';
import { ContractEntity } from './contract/contract.entity';
import { contractReference, ContractResolver } from './contract/contract.resolver';
import { fulfillmentNodeReference, FulfillmentNodeOperatorResolver } from './fulfillment-node/fulfillment-node.resolver';
import { FulfillmentNode } from './fulfillment-node/fulfillment-node.type';
import { Init1763770000000 } from './migrations/1763770000000-init';
import { PartnerEntity } from './partner/partner.entity';
import { partnerReference, PartnerResolver } from './partner/partner.resolver';
import { seedPartners } from './seed';
import { GATEWAY_PRINCIPAL } from '../../../shared/src/auth/principal';
import { BrandLookup } from '../../../shared/src/subgraph/brand-lookup';
import { sweepBreaches } from './breach/breach.service';
import type { PartnersServices } from './context';
import { PartnerGovernance1763800000000 } from './migrations/1763800000000-partner-governance';
import { BreachEntity, PerformanceReportEntity } from './performance/performance.entities';
import { BreachResolver, PartnerPerformanceResolver, PartnerRiskResolver, PerformanceResolver } from './performance/performance.resolver';

/** The partners subgraph: 3PLs, licensees, marketplaces and their contracts with brands. */
export const partnersSubgraph: SubgraphDefinition<PartnersLoaders> = {
  name: 'partners',
  resolvers: [
    PartnerResolver, ContractResolver, BrandPartnersResolver, FulfillmentNodeOperatorResolver, createAccessLogResolver('partnerAccessLog', 'partner'),
    PerformanceResolver, BreachResolver, PartnerRiskResolver, PartnerPerformanceResolver,
    ...createLedgerResolvers({ rootField: 'partnerLedger', brandField: 'partnerLedger', brandType: Brand, label: 'partner' }),
  ],
  /** No query reaches FulfillmentNode here; without this type-graphql would leave it out of the schema. */
  orphanedTypes: [FulfillmentNode],
  referenceResolvers: {
    Partner: partnerReference,
    Contract: contractReference,
    Brand: brandReference,
    FulfillmentNode: fulfillmentNodeReference,
  },
  entities: [PartnerEntity, ContractEntity, AccessLogEntity, LedgerEntryEntity, PerformanceReportEntity, BreachEntity],
  migrations: [Init1763770000000, AccessLog1763780000000, Ledger1763790000000, PartnerGovernance1763800000000],
  /** The brand directory (for brand slugs in inputs) and the sweep that escalates overdue breaches. */
  start: ({ dataSource, logger, peers, signingSecret }) => {
    const services: PartnersServices = {
      brands: new BrandLookup(() => peers.brands, signingSecret, { ...GATEWAY_PRINCIPAL, sub: 'system:partners' }, logger),
    };
    const sweep = setInterval(() => {
      sweepBreaches(dataSource).then(
        (n) => n > 0 && logger.info(`breach sweep: ${n} change(s)`),
        (error: Error) => logger.warn(`breach sweep failed: ${error.message}`),
      );
    }, 60_000);
    sweep.unref();
    return { services, stop: () => clearInterval(sweep) };
  },
  createLoaders,
  // A partner's own entries (status changes) concern every brand it holds a contract with.
  ledgerBrandCondition: `e.brand_id = b.brand_id OR (e.subject_type = 'Partner' AND e.subject_id IN
    (SELECT c.partner_id::text FROM contract c WHERE c.brand_id = b.brand_id))`,
  seed: seedPartners,
};
