import type { BrandLookup } from '../../../../shared/src/subgraph/brand-lookup';
import type { UpstreamFacts } from './upstream-facts';

/** What order routing needs beyond its database, made once at start. */
export interface RoutingServices {
  /** Which brand a slug names. */
  brands: BrandLookup;
  /** Operating models and partner suspensions, owned by other subgraphs. */
  facts: UpstreamFacts;
  reservationTtlMinutes: number;
}
