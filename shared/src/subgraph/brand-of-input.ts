import { mayAccessBrandId, type Principal } from '../auth/principal';
import { forbiddenBrandError, notFound, trellisError } from '../errors';
import type { BrandLookup } from './brand-lookup';

/**
 * The id of the brand an input names by its slug, for a caller who may act on that brand — the one
 * way a subgraph that does not own brands turns a slug into an id. NOT_FOUND when no brand has the
 * slug, FORBIDDEN_BRAND when it is not one of the caller's, SUBGRAPH_UNAVAILABLE when the brand
 * directory has never been readable.
 */
export async function requireBrandId(brands: BrandLookup, principal: Pick<Principal, 'brandIds'>, slug: string): Promise<string> {
  let id: string | null;
  try {
    id = await brands.idFor(slug);
  } catch (error) {
    throw trellisError('SUBGRAPH_UNAVAILABLE', `Cannot tell which brand "${slug}" is: the brands subgraph did not answer (${(error as Error).message}); try again.`, {
      serviceName: 'brands',
    });
  }
  if (!id) throw notFound(`Brand "${slug}"`);
  if (!mayAccessBrandId(principal, id)) throw forbiddenBrandError(`Brand "${slug}"`);
  return id;
}
