import { AccessLogEntity } from '../../../shared/src/access-log/access-log.entity';
import { createAccessLogResolver } from '../../../shared/src/access-log/access-log.resolver';
import type { SubgraphDefinition } from '../../../shared/src/subgraph/server';
import { AccessLog1763780000000 } from './migrations/1763780000000-access-log';
import { Ledger1763790000000 } from './migrations/1763790000000-ledger';
import { LedgerEntryEntity } from '../../../shared/src/ledger/ledger-entry.entity';
import { createLedgerResolvers } from '../../../shared/src/ledger/ledger.resolver';
import { BrandInventoryResolver } from './brand/brand.resolver';
import { Brand, brandReference } from './brand/brand.type';
import { createLoaders, type InventoryLoaders } from './context';
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
import { expireReservations, type RoutingServices } from './routing/routing.service';
import { UpstreamFacts } from './routing/upstream-facts';
import { Routing1763800000000 } from './migrations/1763800000000-routing';
import { SkuEntity } from './sku/sku.entity';
import { skuReference, SkuResolver } from './sku/sku.resolver';
import { StockPositionEntity } from './stock/stock-position.entity';
import { StockPositionResolver } from './stock/stock-position.resolver';
import { StockMutationResolver } from './stock/stock.resolver';

/** The inventory subgraph: fulfillment nodes, SKUs and stock positions. */
export const inventorySubgraph: SubgraphDefinition<InventoryLoaders> = {
  name: 'inventory',
  resolvers: [
    FulfillmentNodeResolver, SkuResolver, StockPositionResolver, StockMutationResolver, BrandInventoryResolver, createAccessLogResolver('inventoryAccessLog', 'inventory'),
    RoutingResolver, RoutingCandidateResolver, RoutingAllocationResolver, RoutedLineResolver, ReservationResolver,
    NodeUtilisationResolver, NodeUtilisationNodeResolver, BrandRoutingResolver,
    ...createLedgerResolvers({ rootField: 'inventoryLedger', brandField: 'inventoryLedger', brandType: Brand, label: 'inventory' }),
  ],
  orphanedTypes: [Brand],
  referenceResolvers: { Brand: brandReference, Sku: skuReference, FulfillmentNode: fulfillmentNodeReference, RoutingDecision: routingDecisionReference },
  entities: [FulfillmentNodeEntity, SkuEntity, StockPositionEntity, AccessLogEntity, LedgerEntryEntity, SourcingPolicyEntity, RoutingDecisionEntity, ReservationEntity],
  migrations: [Init1763770000000, AccessLog1763780000000, Ledger1763790000000, Routing1763800000000],
  /** Facts from the brands and partners subgraphs, and the sweep that releases expired reservations. */
  start: ({ dataSource, logger, peers, signingSecret, settings }) => {
    const services: RoutingServices = { facts: new UpstreamFacts({ peers, signingSecret, logger }), reservationTtlMinutes: settings.reservationTtlMinutes };
    const sweep = setInterval(() => {
      expireReservations(dataSource).then(
        (n) => n > 0 && logger.info(`released ${n} expired reservation(s)`),
        (error: Error) => logger.warn(`reservation expiry sweep failed: ${error.message}`),
      );
    }, 15_000);
    sweep.unref();
    return { services, stop: () => clearInterval(sweep) };
  },
  createLoaders,
  seed: seedInventory,
};
