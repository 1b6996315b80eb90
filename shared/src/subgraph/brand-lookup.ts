import type { Principal } from '../auth/principal';
import type { Logger } from '../logger';
import { RefreshingCache, signedQuery } from './signed-query';

/**
 * Brand slugs (what tokens and inputs name) → brand ids (what rows carry), read from the brands
 * subgraph with a signed query and cached. An unknown slug asks for a refresh; when the brands
 * subgraph cannot be reached the last known directory is used.
 */
export class BrandLookup {
  private readonly cache: RefreshingCache<Map<string, string>>;

  constructor(brandsUrl: () => string | undefined, signingSecret: string, principal: Principal, logger: Logger) {
    this.cache = new RefreshingCache(
      async () => {
        const url = brandsUrl();
        if (!url) throw new Error('the brands subgraph’s URL is not configured');
        const data = await signedQuery<{ brands: { id: string; slug: string }[] }>(url, signingSecret, principal, '{ brands { id slug } }');
        return new Map(data.brands.map((b) => [b.slug, b.id]));
      },
      30_000,
      2_000,
      (error) => logger.warn(`brand directory not refreshed (${error.message}); using the last known one`),
    );
  }

  /** Ids of the slugs that name a brand; unknown slugs are left out. Rejects only if no directory was ever read. */
  async idsFor(slugs: readonly string[]): Promise<string[]> {
    let ids = await this.cache.get();
    if (slugs.some((s) => !ids.has(s))) ids = await this.cache.get({ refresh: true });
    return slugs.map((s) => ids.get(s)).filter((id): id is string => id !== undefined);
  }

  async idFor(slug: string): Promise<string | null> {
    return (await this.idsFor([slug]))[0] ?? null;
  }
}
