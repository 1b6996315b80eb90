import { RefreshingCache } from '../cache/refreshing-cache';
import type { Logger } from '../logger';

/** Asks the graph (or the brands subgraph) a query and returns its data. */
export type GraphQuery = <T>(query: string) => Promise<T>;

/**
 * Brand slugs (what tokens and inputs name) → brand ids (what rows carry), read from the brands
 * subgraph and cached. An unknown slug asks for a refresh; when the brands subgraph cannot be
 * reached the last known directory is used.
 */
export class BrandLookup {
  private readonly cache: RefreshingCache<Map<string, string>>;

  constructor(query: GraphQuery, logger: Logger) {
    this.cache = new RefreshingCache(
      async () => {
        const data = await query<{ brands: { id: string; slug: string }[] }>('{ brands { id slug } }');
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
