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
import { ReservationEntity, RoutingDecisionEntity, SourcingPolicyEntity } from './routing/routing.entities';
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
import { UpstreamFacts } from './routing/upstream-facts';
import { Routing1763800000000 } from './migrations/1763800000000-routing';
import { SkuEntity } from './sku/sku.entity';
import { skuReference, SkuResolver } from './sku/sku.resolver';
import { StockPositionEntity } from './stock/stock-position.entity';
import { StockPositionResolver } from './stock/stock-position.resolver';
import { StockMutationResolver } from './stock/stock.resolver';

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
  ],
  orphanedTypes: [Brand],
  referenceResolvers: { Brand: brandReference, Sku: skuReference, FulfillmentNode: fulfillmentNodeReference, RoutingDecision: routingDecisionReference },
  entities: [FulfillmentNodeEntity, SkuEntity, StockPositionEntity, SourcingPolicyEntity, RoutingDecisionEntity, ReservationEntity],
  migrations: [Init1763770000000, Routing1763800000000],
  ledger: { rootField: 'inventoryLedger', brandField: 'inventoryLedger', brandType: Brand, label: 'inventory' },
  accessLog: { rootField: 'inventoryAccessLog', label: 'inventory' },
  brandsOf: { Sku: brandColumn('sku'), Reservation: brandColumn('reservation') },
  /** The brand directory, facts from the brands and partners subgraphs, and the sweep that releases expired reservations (at start, then every 15 s). */
  start: ({ dataSource, logger, graph, settings }) => {
    const services: RoutingServices = {
      brands: new BrandLookup((query) => graph.query(query), logger),
      facts: new UpstreamFacts(graph, logger),
      reservationTtlMinutes: settings.reservationTtlMinutes,
    };
    const sweep = startPeriodicJob('reservation expiry', 15_000, async () => {
      const released = await expireAllDue(dataSource);
      return released > 0 ? `released ${released} expired reservation(s)` : null;
    }, logger);
    return { services, stop: () => sweep.stop() };
  },
  createLoaders,
  seed: seedInventory,
});
