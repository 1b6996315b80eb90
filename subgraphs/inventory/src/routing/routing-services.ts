import type { BrandLookup } from '../../../../shared/src/subgraph/brand-lookup';
import type { CostFacts } from '../cost/cost-facts';
import type { UpstreamFacts } from './upstream-facts';
import type { OrderBatcher } from './order-batch';

/** What order routing needs beyond its database, made once at start. */
export interface RoutingServices {
  /** Which brand a slug names. */
  brands: BrandLookup;
  /** Operating models and partner suspensions, owned by other subgraphs. */
  facts: UpstreamFacts;
  /** Contract fees and showback, for the cost to serve. */
  costs: CostFacts;
  reservationTtlMinutes: number;
  /** Orders routed together when they arrive together (group commit); alone when absent. */
  orders?: OrderBatcher;
}
