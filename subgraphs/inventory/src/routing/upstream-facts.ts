import { RefreshingCache } from '../../../../shared/src/cache/refreshing-cache';
import type { Logger } from '../../../../shared/src/logger';
import type { GraphClient } from '../../../../shared/src/subgraph/graph-client';

/**
 * Facts inventory routes by but does not own: each brand's fulfillment operating model (brands
 * subgraph) and which partners are suspended (partners subgraph). Read through the gateway under
 * inventory's service identity, cached for a short time, refreshed on a miss; when a source is
 * down the last known facts are used. Each routing decision records the facts it used. Which brand
 * a slug names is the brand directory's to say (`BrandLookup`), not this cache's.
 */
export class UpstreamFacts {
  private readonly models: RefreshingCache<Map<string, string | null>>;
  private readonly suspended: RefreshingCache<Set<string>>;

  constructor(graph: GraphClient, logger: Logger, ttlMs = 10_000) {
    const warn = (what: string) => (error: Error) => logger.warn(`${what} not refreshed (${error.message}); using the last known`);
    this.models = new RefreshingCache(
      async () => {
        const data = await graph.query<{ brands: { id: string; operatingModel: { model: string } | null }[] }>(
          '{ brands { id operatingModel(capability: "FULFILLMENT") { model } } }',
        );
        return new Map(data.brands.map((b) => [b.id, b.operatingModel?.model ?? null]));
      },
      ttlMs,
      1_000,
      warn('fulfillment operating models'),
    );
    this.suspended = new RefreshingCache(
      async () => {
        const data = await graph.query<{ partners: { id: string; status: string }[] }>('{ partners { id status } }');
        return new Set(data.partners.filter((p) => p.status === 'SUSPENDED' || p.status === 'TERMINATED').map((p) => p.id));
      },
      ttlMs,
      1_000,
      warn('partner statuses'),
    );
  }

  /** The FULFILLMENT operating model in effect for a brand, or null when none is decided. Rejects only if never read. */
  async fulfillmentModel(brandId: string): Promise<string | null> {
    let models = await this.models.get();
    if (!models.has(brandId)) models = await this.models.get({ refresh: true });
    return models.get(brandId) ?? null;
  }

  /** Forget what is cached, so the next routing reads fresh facts (after a known change). */
  async refresh(): Promise<void> {
    await Promise.all([this.models.get({ refresh: true }), this.suspended.get({ refresh: true })]);
  }

  async suspendedPartnerIds(): Promise<Set<string>> {
    try {
      return await this.suspended.get();
    } catch {
      return new Set();
    }
  }
}
