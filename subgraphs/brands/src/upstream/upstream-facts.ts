import { RefreshingCache } from '../../../../shared/src/cache/refreshing-cache';
import { periodOf, previousPeriod } from '../../../../shared/src/graphql/period';
import type { Logger } from '../../../../shared/src/logger';
import type { GraphClient } from '../../../../shared/src/subgraph/graph-client';

/** What the rollout gates read about one brand from inventory and partners. */
export interface BrandOperations {
  orders: { thisMonth: number; lastMonth: number } | null;
  contracts: { status: string; capabilityScope: string[]; validFrom: string; validTo: string; slaKpis: string[] }[] | null;
  sourcingPolicy: { isDefault: boolean; updatedAt: Date | null } | null;
}

/** What orchestration readiness is judged on, per brand (docs/lifecycle.md). */
export interface ReadinessInputs {
  positions: number;
  stalePositions: number;
  oldestPositionHours: number | null;
  onHandUnits: number;
  adjustedUnits: number;
  stockCountAccuracy: number;
  policyConflict: boolean;
  nodesWithoutCapacity: string[];
  partnerInventoryAccuracy: number | null;
  partnerPeriod: string | null;
}

/**
 * Facts the brands subgraph judges by but does not own — a brand's orders, contracts and sourcing
 * policy (rollout gates) and every brand's inventory signals and partner performance (orchestration
 * readiness) — read through the gateway under the brands service identity (`catalog:read`,
 * `partners:read`) and cached briefly. Completing a phase reads fresh.
 */
export class UpstreamFacts {
  private readonly readiness: RefreshingCache<Map<string, ReadinessInputs>>;
  private readonly operations = new Map<string, { at: number; value: Promise<BrandOperations> }>();

  constructor(
    private readonly graph: GraphClient,
    private readonly logger: Logger,
    private readonly ttlMs = 10_000,
  ) {
    this.readiness = new RefreshingCache(
      async () => {
        const data = await graph.query<{
          brands: {
            id: string;
            inventorySignals: Omit<ReadinessInputs, 'nodesWithoutCapacity' | 'partnerInventoryAccuracy' | 'partnerPeriod'> & { nodesWithoutCapacity: { code: string }[] };
            partnerPerformance: { period: string | null; inventoryAccuracy: number | null };
          }[];
        }>(`{ brands { id
            inventorySignals { positions stalePositions oldestPositionHours onHandUnits adjustedUnits stockCountAccuracy policyConflict nodesWithoutCapacity { code } }
            partnerPerformance { period inventoryAccuracy } } }`);
        return new Map(
          data.brands.map((b) => [
            b.id,
            {
              ...b.inventorySignals,
              nodesWithoutCapacity: b.inventorySignals.nodesWithoutCapacity.map((n) => n.code),
              partnerInventoryAccuracy: b.partnerPerformance.inventoryAccuracy,
              partnerPeriod: b.partnerPerformance.period,
            },
          ]),
        );
      },
      ttlMs,
      1_000,
      (error) => logger.warn(`readiness facts not refreshed (${error.message}); using the last known`),
    );
  }

  /** The brand's readiness inputs, or null when they have never been readable. */
  async readinessOf(brandId: string): Promise<ReadinessInputs | null> {
    try {
      return (await this.readiness.get()).get(brandId) ?? null;
    } catch {
      return null;
    }
  }

  /** Reads the readiness inputs again now (after a known change). */
  async refreshReadiness(): Promise<void> {
    await this.readiness.get({ force: true }).catch(() => {});
  }

  /** The brand's orders, contracts and sourcing policy; each part null when its subgraph did not answer. */
  operationsOf(slug: string, options: { fresh?: boolean } = {}): Promise<BrandOperations> {
    const cached = this.operations.get(slug);
    if (cached && !options.fresh && Date.now() - cached.at < this.ttlMs) return cached.value;
    if (this.operations.size > 100) this.operations.clear();
    const value = this.readOperations(slug);
    this.operations.set(slug, { at: Date.now(), value });
    return value;
  }

  private async readOperations(slug: string): Promise<BrandOperations> {
    const thisMonth = periodOf(new Date());
    const part = async <T>(what: string, query: string): Promise<T | null> => {
      try {
        return (await this.graph.query<{ brand: T | null }>(query, { variables: { slug, p1: thisMonth, p2: previousPeriod(thisMonth) } })).brand;
      } catch (error) {
        this.logger.warn(`${what} of ${slug} not read (${(error as Error).message})`);
        return null;
      }
    };
    const [orders, contracts, policy] = await Promise.all([
      part<{ a: { orders: number }; b: { orders: number } }>('orders', 'query($slug: String!, $p1: String!, $p2: String!) { brand(slug: $slug) { a: costToServe(period: $p1) { orders } b: costToServe(period: $p2) { orders } } }'),
      part<{ contracts: BrandOperations['contracts'] }>('contracts', 'query($slug: String!) { brand(slug: $slug) { contracts { status capabilityScope validFrom validTo slaKpis } } }'),
      part<{ sourcingPolicy: { isDefault: boolean; updatedAt: string | null } }>('sourcing policy', 'query($slug: String!) { brand(slug: $slug) { sourcingPolicy { isDefault updatedAt } } }'),
    ]);
    return {
      orders: orders ? { thisMonth: orders.a.orders, lastMonth: orders.b.orders } : null,
      contracts: contracts?.contracts ?? null,
      sourcingPolicy: policy ? { isDefault: policy.sourcingPolicy.isDefault, updatedAt: policy.sourcingPolicy.updatedAt ? new Date(policy.sourcingPolicy.updatedAt) : null } : null,
    };
  }
}
