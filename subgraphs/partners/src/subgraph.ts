import { brandColumn } from '../../../shared/src/subgraph/brands-of';
import { defineSubgraph } from '../../../shared/src/subgraph/definition';
import { brandReference, BrandPartnersResolver } from './brand/brand.resolver';
import { Brand } from './brand/brand.type';
import { createLoaders } from './loaders';
import { ContractEntity } from './contract/contract.entity';
import { contractReference, ContractResolver } from './contract/contract.resolver';
import { fulfillmentNodeReference, FulfillmentNodeOperatorResolver } from './fulfillment-node/fulfillment-node.resolver';
import { FulfillmentNode } from './fulfillment-node/fulfillment-node.type';
import { Init1763770000000 } from './migrations/1763770000000-init';
import { PartnerEntity } from './partner/partner.entity';
import { partnerReference, PartnerResolver } from './partner/partner.resolver';
import { seedPartners } from './seed';
import { BrandLookup } from '../../../shared/src/subgraph/brand-lookup';
import { startPeriodicJob } from '../../../shared/src/subgraph/periodic-job';
import { sweepBreaches } from './breach/breach-sweep';
import { BreachSweepResolver } from './breach/breach-sweep.resolver';
import type { PartnersServices } from './context';
import { PartnerGovernance1763800000000 } from './migrations/1763800000000-partner-governance';
import { BrandMetrics, brandMetricsReference } from './metrics/brand-metrics';
import { Lifecycle1764300000000 } from './migrations/1764300000000-lifecycle';
import { BreachEntity, PerformanceReportEntity } from './performance/performance.entities';
import { BreachResolver, PartnerPerformanceResolver, PartnerRiskResolver, PerformanceResolver } from './performance/performance.resolver';

/** The partners subgraph: 3PLs, licensees, marketplaces and their contracts with brands. */
export const partnersSubgraph = defineSubgraph({
  name: 'partners',
  defaultPort: 4003,
  resolvers: [
    PartnerResolver, ContractResolver, BrandPartnersResolver, FulfillmentNodeOperatorResolver,
    PerformanceResolver, BreachResolver, PartnerRiskResolver, PartnerPerformanceResolver, BreachSweepResolver,
  ],
  /** No query reaches FulfillmentNode here; without this type-graphql would leave it out of the schema. */
  orphanedTypes: [FulfillmentNode, BrandMetrics],
  referenceResolvers: {
    Partner: partnerReference,
    Contract: contractReference,
    Brand: brandReference,
    FulfillmentNode: fulfillmentNodeReference,
    BrandMetrics: brandMetricsReference,
  },
  entities: [PartnerEntity, ContractEntity, PerformanceReportEntity, BreachEntity],
  migrations: [Init1763770000000, PartnerGovernance1763800000000, Lifecycle1764300000000],
  ledger: {
    rootField: 'partnerLedger',
    brandField: 'partnerLedger',
    brandType: Brand,
    label: 'partner',
    // A partner's own entries (status changes) concern every brand it holds a contract with.
    brandCondition: `e.brand_id = b.brand_id OR (e.subject_type = 'Partner' AND e.subject_id IN
      (SELECT c.partner_id::text FROM contract c WHERE c.brand_id = b.brand_id))`,
  },
  accessLog: { rootField: 'partnerAccessLog', label: 'partner' },
  brandsOf: {
    Contract: brandColumn('contract'),
    Breach: brandColumn('breach'),
    /** A partner's brands are the brands of its contracts. */
    Partner: async (dataSource, id) => {
      const rows: { brand_id: string | null }[] = await dataSource.query(
        'SELECT DISTINCT c.brand_id FROM partner p LEFT JOIN contract c ON c.partner_id = p.id WHERE p.id = $1',
        [id],
      );
      return rows.length === 0 ? null : rows.flatMap((r) => (r.brand_id ? [r.brand_id] : []));
    },
  },
  /**
   * The brand directory (for brand slugs in inputs), and the sweep that escalates overdue breach
   * cures: at start (what fell due while the subgraph was down) and then every minute.
   */
  start: ({ dataSource, logger, graph }) => {
    const services: PartnersServices = { brands: new BrandLookup((query) => graph.query(query), logger) };
    const sweep = startPeriodicJob('breach sweep', 60_000, async () => {
      const changes = await sweepBreaches(dataSource);
      return changes > 0 ? `${changes} change(s)` : null;
    }, logger);
    return { services, stop: () => sweep.stop() };
  },
  createLoaders,
  seed: seedPartners,
});
