import { z } from 'zod';
import { BrandLookup } from '../../../shared/src/subgraph/brand-lookup';
import { brandColumn } from '../../../shared/src/subgraph/brands-of';
import { defineSubgraph } from '../../../shared/src/subgraph/definition';
import { startPeriodicJob } from '../../../shared/src/subgraph/periodic-job';
import { BrandInventoryResolver } from './brand/brand.resolver';
import { Brand, brandReference } from './brand/brand.type';
import { createLoaders } from './loaders';
import { FulfillmentNodeEntity } from './fulfillment-node/fulfillment-node.entity';
import { fulfillmentNodeReference, FulfillmentNodeResolver } from './fulfillment-node/fulfillment-node.resolver';
import { Init1763770000000 } from './migrations/1763770000000-init';
import { seedInventory } from './seed';
import { ReservationEntity, RoutingDecisionEntity, RoutingExceptionEntity, SourcingPolicyEntity } from './routing/routing.entities';
import {
  BrandRoutingResolver,
  NodeUtilisationNodeResolver,
  NodeUtilisationResolver,
  ReservationResolver,
  RoutedLineResolver,
  RoutingAllocationResolver,
  RoutingCandidateResolver,
  RoutingResolver,
  routingDecisionReference,
} from './routing/routing.resolver';
import { expireAllDue } from './routing/expire-reservations';
import type { RoutingServices } from './routing/routing-services';
import { OrderBatcher } from './routing/order-batch';
import { UpstreamFacts } from './routing/upstream-facts';
import { CostFacts } from './cost/cost-facts';
import { BrandCostResolver, FulfillmentCostLineResolver } from './cost/cost-to-serve.resolver';
import { BrandSignalsResolver, InventorySignalsResolver } from './signals/inventory-signals.resolver';
import { BrandMetrics, brandMetricsReference } from './metrics/brand-metrics';
import { Pilot } from './pilot/pilot.type';
import { Routing1763800000000 } from './migrations/1763800000000-routing';
import { Lifecycle1764300000000 } from './migrations/1764300000000-lifecycle';
import { SkuEntity } from './sku/sku.entity';
import { skuReference, SkuResolver } from './sku/sku.resolver';
import { StockPositionEntity } from './stock/stock-position.entity';
import { StockPositionResolver } from './stock/stock-position.resolver';
import { StockMutationResolver } from './stock/stock.resolver';
import { BrandRecoveryResolver, RecoveryResolver, RoutingDecisionLinksResolver, routingExceptionReference } from './recovery/recovery.resolver';
import { runRecoverySweep } from './recovery/recovery.service';

/** Inventory's own settings, read from the environment at start. */
const InventorySettings = z
  .object({
    /** How long a stock reservation of a routed order holds before it is released. */
    RESERVATION_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  })
  .transform((env) => ({ reservationTtlMinutes: env.RESERVATION_TTL_MINUTES }));

/** The inventory subgraph: fulfillment nodes, SKUs and stock positions. */
export const inventorySubgraph = defineSubgraph({
  name: 'inventory',
  defaultPort: 4002,
  settings: InventorySettings,
  resolvers: [
    FulfillmentNodeResolver, SkuResolver, StockPositionResolver, StockMutationResolver, BrandInventoryResolver,
    RoutingResolver, RoutingCandidateResolver, RoutingAllocationResolver, RoutedLineResolver, ReservationResolver,
    NodeUtilisationResolver, NodeUtilisationNodeResolver, BrandRoutingResolver,
    RecoveryResolver, RoutingDecisionLinksResolver, BrandRecoveryResolver,
    BrandCostResolver, FulfillmentCostLineResolver, BrandSignalsResolver, InventorySignalsResolver,
  ],
  orphanedTypes: [Brand, BrandMetrics, Pilot],
  referenceResolvers: {
    Brand: brandReference,
    Sku: skuReference,
    FulfillmentNode: fulfillmentNodeReference,
    RoutingDecision: routingDecisionReference,
    RoutingException: routingExceptionReference,
    BrandMetrics: brandMetricsReference,
  },
  entities: [FulfillmentNodeEntity, SkuEntity, StockPositionEntity, SourcingPolicyEntity, RoutingDecisionEntity, ReservationEntity, RoutingExceptionEntity],
  migrations: [Init1763770000000, Routing1763800000000, Lifecycle1764300000000],
  ledger: { rootField: 'inventoryLedger', brandField: 'inventoryLedger', brandType: Brand, label: 'inventory' },
  accessLog: { rootField: 'inventoryAccessLog', label: 'inventory' },
  brandsOf: {
    Sku: brandColumn('sku'),
    Reservation: brandColumn('reservation'),
    /** A node's brands: the brand running it, and every brand whose stock it holds. */
    FulfillmentNode: async (dataSource, id) => {
      const rows: { brand_id: string | null; found: boolean }[] = await dataSource.query(
        `SELECT x.brand_id, true AS found FROM fulfillment_node n
           CROSS JOIN LATERAL (SELECT n.operator_brand_id AS brand_id
                               UNION SELECT s.brand_id FROM stock_position sp JOIN sku s ON s.id = sp.sku_id WHERE sp.node_id = n.id) x
          WHERE n.id = $1`,
        [id],
      );
      return rows.length === 0 ? null : [...new Set(rows.flatMap((r) => (r.brand_id ? [r.brand_id] : [])))];
    },
  },
  /**
   * The brand directory, facts from the brands and partners subgraphs, and two sweeps (at start,
   * then every 15 s): one releases expired reservations, the other moves orders off nodes that can no
   * longer ship them.
   */
  start: ({ dataSource, logger, graph, settings }) => {
    const services: RoutingServices = {
      brands: new BrandLookup((query) => graph.query(query), logger),
      facts: new UpstreamFacts(graph, logger),
      costs: new CostFacts(graph, logger),
      reservationTtlMinutes: settings.reservationTtlMinutes,
    };
    services.orders = new OrderBatcher(dataSource, services, { maxOrders: 64, maxBatches: 2, logger });
    const sweep = startPeriodicJob('reservation expiry', 15_000, async () => {
      const released = await expireAllDue(dataSource);
      return released > 0 ? `released ${released} expired reservation(s)` : null;
    }, logger);
    // Orders on nodes that can no longer ship them (inactive, a suspended partner's, a partner the brand left) move, or wait for a person.
    const recovery = startPeriodicJob('service recovery', 15_000, () => runRecoverySweep(dataSource, services), logger);
    return { services, stop: async () => void (await Promise.all([sweep.stop(), recovery.stop()])) };
  },
  createLoaders,
  seed: seedInventory,
});
