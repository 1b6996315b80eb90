import { RefreshingCache } from '../../../../shared/src/cache/refreshing-cache';
import type { Logger } from '../../../../shared/src/logger';
import type { GraphClient } from '../../../../shared/src/subgraph/graph-client';

export interface BrandFacts {
  id: string;
  slug: string;
  /** The FULFILLMENT operating model in effect, or null when none is decided. */
  fulfillmentModel: string | null;
}

/**
 * Facts inventory routes by but does not own: which brand a slug names and its fulfillment
 * operating model (brands subgraph), and which partners are suspended (partners subgraph). Read
 * through the gateway under inventory's service identity, cached for a short time, refreshed on a
 * miss; when a source is down the last known facts are used. Each routing decision records the
 * facts it used.
 */
export class UpstreamFacts {
  private readonly brands: RefreshingCache<Map<string, BrandFacts>>;
  private readonly suspended: RefreshingCache<Set<string>>;

  constructor(graph: GraphClient, logger: Logger, ttlMs = 10_000) {
    const warn = (what: string) => (error: Error) => logger.warn(`${what} not refreshed (${error.message}); using the last known`);
    this.brands = new RefreshingCache(
      async () => {
        const data = await graph.query<{ brands: { id: string; slug: string; operatingModel: { model: string } | null }[] }>(
          '{ brands { id slug operatingModel(capability: "FULFILLMENT") { model } } }',
        );
        return new Map(data.brands.map((b) => [b.slug, { id: b.id, slug: b.slug, fulfillmentModel: b.operatingModel?.model ?? null }]));
      },
      ttlMs,
      1_000,
      warn('brand facts'),
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

  /** The brand a slug names, or null if there is none. */
  async brand(slug: string): Promise<BrandFacts | null> {
    let brands = await this.brands.get();
    if (!brands.has(slug)) brands = await this.brands.get({ refresh: true });
    return brands.get(slug) ?? null;
  }

  async brandById(id: string): Promise<BrandFacts | null> {
    return [...(await this.brands.get()).values()].find((b) => b.id === id) ?? null;
  }

  /** Forget what is cached, so the next routing reads fresh facts (after a known change). */
  async refresh(): Promise<void> {
    await Promise.all([this.brands.get({ refresh: true }), this.suspended.get({ refresh: true })]);
  }

  async suspendedPartnerIds(): Promise<Set<string>> {
    try {
      return await this.suspended.get();
    } catch {
      return new Set();
    }
  }
}

