import type { Principal } from '../../../../shared/src/auth/principal';
import { RefreshingCache, signedQuery } from '../../../../shared/src/subgraph/signed-query';
import type { SubgraphEnvironment } from '../../../../shared/src/subgraph/server';

/** How inventory identifies itself when it reads another subgraph. */
const INVENTORY_PRINCIPAL: Principal = {
  sub: 'system:inventory',
  roles: [],
  scopes: ['catalog:read', 'partners:read'],
  brands: '*',
  brandIds: '*',
};

export interface BrandFacts {
  id: string;
  slug: string;
  /** The FULFILLMENT operating model in effect, or null when none is decided. */
  fulfillmentModel: string | null;
}

/**
 * Facts inventory routes by but does not own: which brand a slug names and its fulfillment
 * operating model (brands subgraph), and which partners are suspended (partners subgraph). Read
 * with a signed query, cached for a short time, refreshed on a miss; when a source is down the
 * last known facts are used. Each routing decision records the facts it used.
 */
export class UpstreamFacts {
  private readonly brands: RefreshingCache<Map<string, BrandFacts>>;
  private readonly suspended: RefreshingCache<Set<string>>;

  constructor(environment: Pick<SubgraphEnvironment, 'peers' | 'signingSecret' | 'logger'>, ttlMs = 10_000) {
    const { peers, signingSecret, logger } = environment;
    const warn = (what: string) => (error: Error) => logger.warn(`${what} not refreshed (${error.message}); using the last known`);
    const ask = <T>(name: 'brands' | 'partners', query: string) => {
      const url = peers[name];
      if (!url) throw new Error(`the ${name} subgraph's URL is not configured`);
      return signedQuery<T>(url, signingSecret, INVENTORY_PRINCIPAL, query);
    };
    this.brands = new RefreshingCache(
      async () => {
        const data = await ask<{ brands: { id: string; slug: string; operatingModel: { model: string } | null }[] }>(
          'brands',
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
        const data = await ask<{ partners: { id: string; status: string }[] }>('partners', '{ partners { id status } }');
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

