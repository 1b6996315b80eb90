import { trellisError } from '../../../../shared/src/errors';
import type { AuditContext } from '../../../../shared/src/ledger/ledger';
import { requireBrandId } from '../../../../shared/src/subgraph/brand-of-input';
import type { RoutingServices } from './routing-services';

export interface BrandFacts {
  id: string;
  slug: string;
  /** The FULFILLMENT operating model in effect, or null when none is decided. */
  fulfillmentModel: string | null;
}

/** The brand a slug names, checked against the caller's brands, with the operating model it routes by. */
export async function resolveBrand(services: RoutingServices, context: Pick<AuditContext, 'principal'>, slug: string): Promise<BrandFacts> {
  const id = await requireBrandId(services.brands, context.principal, slug);
  try {
    return { id, slug, fulfillmentModel: await services.facts.fulfillmentModel(id) };
  } catch (error) {
    throw trellisError('SUBGRAPH_UNAVAILABLE', `Cannot tell how "${slug}" fulfils orders: the brands subgraph did not answer (${(error as Error).message}).`, {
      serviceName: 'brands',
    });
  }
}
