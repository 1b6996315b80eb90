import { GATEWAY_PRINCIPAL } from '../../../shared/src/auth/principal';
import type { Logger } from '../../../shared/src/logger';
import { RefreshingCache, signedQuery } from '../../../shared/src/subgraph/signed-query';

/**
 * Brand slugs (what tokens name) → brand ids (what subgraph rows carry), from the brands
 * subgraph, cached. An unknown slug asks for a refresh; if the brands subgraph cannot be reached,
 * the last known directory is used, and slugs it does not know resolve to nothing — a
 * brand-scoped caller then sees less, never more.
 */
export class BrandDirectory {
  private readonly cache: RefreshingCache<Map<string, string>>;

  constructor(brandsUrl: string, signingSecret: string, logger: Logger) {
    this.cache = new RefreshingCache(
      async () => {
        const data = await signedQuery<{ brands: { id: string; slug: string }[] }>(brandsUrl, signingSecret, GATEWAY_PRINCIPAL, '{ brands { id slug } }');
        return new Map(data.brands.map((b) => [b.slug, b.id]));
      },
      30_000,
      2_000,
      (error) => logger.warn(`brand directory not refreshed (${error.message}); using the last known one`),
    );
  }

  async idsFor(slugs: readonly string[]): Promise<string[]> {
    try {
      let ids = await this.cache.get();
      if (slugs.some((s) => !ids.has(s))) ids = await this.cache.get({ refresh: true });
      return slugs.map((s) => ids.get(s)).filter((id): id is string => id !== undefined);
    } catch {
      return [];
    }
  }
}
