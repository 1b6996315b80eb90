import { RefreshingCache } from '../../../../shared/src/cache/refreshing-cache';
import type { Logger } from '../../../../shared/src/logger';
import type { GraphClient } from '../../../../shared/src/subgraph/graph-client';
import type { CostContract } from './cost-to-serve';

/**
 * What the cost to serve needs from other subgraphs, read through the gateway under inventory's
 * service identity and cached briefly: every brand's contracts with their fees (partners; the fees
 * are commercial terms, so inventory's service identity holds `contracts:terms:read`), and the
 * showback of a month (platform, when the graph has one: `costs:read`). A source that cannot be read
 * makes the figures it feeds unknown (null), never silently zero.
 */
export class CostFacts {
  private readonly contracts: RefreshingCache<Map<string, CostContract[]>>;
  private readonly showbacks = new Map<string, RefreshingCache<Map<string, SharedServiceCharge[]> | null>>();

  constructor(
    private readonly graph: GraphClient,
    private readonly logger: Logger,
    private readonly ttlMs = 30_000,
  ) {
    this.contracts = new RefreshingCache(
      async () => {
        const data = await graph.query<{
          brands: {
            id: string;
            contracts: {
              id: string;
              partner: { id: string; name: string };
              capabilityScope: string[];
              validFrom: string;
              validTo: string;
              exitDate: string | null;
              fees: { monthlyFee: number; feePerOrder: number } | null;
            }[];
          }[];
        }>('{ brands { id contracts { id partner { id name } capabilityScope validFrom validTo exitDate fees { monthlyFee feePerOrder } } } }');
        return new Map(
          data.brands.map((b) => [
            b.id,
            b.contracts.map((c) => ({
              id: c.id,
              partnerId: c.partner.id,
              partnerName: c.partner.name,
              capabilityScope: c.capabilityScope,
              validFrom: c.validFrom,
              validTo: c.validTo,
              exitDate: c.exitDate,
              monthlyFee: c.fees?.monthlyFee ?? 0,
              feePerOrder: c.fees?.feePerOrder ?? 0,
            })),
          ]),
        );
      },
      ttlMs,
      1_000,
      (error) => logger.warn(`contract fees not refreshed (${error.message}); using the last known`),
    );
  }

  /** The brand's contracts with their fees, or null when they cannot be read. */
  async contractsOf(brandId: string): Promise<CostContract[] | null> {
    try {
      return (await this.contracts.get()).get(brandId) ?? [];
    } catch {
      return null;
    }
  }

  /** The brand's showback lines for a month; null when the graph has no showback (or it cannot be read). */
  async showbackOf(brandId: string, period: string): Promise<SharedServiceCharge[] | null> {
    let cache = this.showbacks.get(period);
    if (!cache) {
      if (this.showbacks.size > 24) this.showbacks.clear();
      this.showbacks.set(period, (cache = new RefreshingCache(() => this.readShowback(period), this.ttlMs, 1_000)));
    }
    try {
      const byBrand = await cache.get();
      return byBrand ? (byBrand.get(brandId) ?? []) : null;
    } catch {
      return null;
    }
  }

  /** The platform subgraph's `showback(period:)`, by brand; null when the graph has none. */
  private async readShowback(period: string): Promise<Map<string, SharedServiceCharge[]> | null> {
    try {
      const data = await this.graph.query<{
        showback: { services: { service: { code: string; capabilityCode: string } }[]; brands: { brandId: string; lines: { serviceCode: string; allocated: number | null }[] }[] };
      }>(`query($period: String!) { showback(period: $period) { services { service { code capabilityCode } } brands { brandId lines { serviceCode allocated } } } }`, {
        variables: { period },
      });
      const capabilityOf = new Map(data.showback.services.map((s) => [s.service.code, s.service.capabilityCode]));
      return new Map(
        data.showback.brands.map((b) => [b.brandId, b.lines.map((l) => ({ serviceCode: l.serviceCode, capability: capabilityOf.get(l.serviceCode) ?? null, amount: l.allocated ?? 0 }))]),
      );
    } catch (error) {
      // A graph without the platform subgraph has no `showback` field: there is nothing to allocate.
      if (/Cannot query field "showback"/.test((error as Error).message)) return null;
      this.logger.warn(`showback for ${period} not read (${(error as Error).message})`);
      throw error;
    }
  }
}

export interface SharedServiceCharge {
  serviceCode: string;
  capability: string | null;
  amount: number;
}
