import { RefreshingCache } from '../../../../shared/src/cache/refreshing-cache';
import type { Logger } from '../../../../shared/src/logger';
import type { GraphClient } from '../../../../shared/src/subgraph/graph-client';
import { exitedPartnerIds, type PartnerContractFact } from './partner-exits';
import type { RunningPilot } from './pilot-override';

interface PartnerFacts {
  suspended: Set<string>;
  contracts: PartnerContractFact[];
}

/**
 * Facts inventory routes by but does not own: each brand's fulfillment operating model and the
 * pilots running (brands subgraph), which partners are suspended and which contracts are under
 * notice (partners subgraph). Read through the gateway under inventory's service identity, cached
 * for a short time, refreshed on a miss; when a source is down the last known facts are used (and
 * before any is known: no exit and no pilot, and for routing every partner possibly suspended). Each routing decision records the facts
 * it used. Which brand a slug names is the brand directory's to say (`BrandLookup`), not this cache's.
 */
export class UpstreamFacts {
  private readonly models: RefreshingCache<Map<string, string | null>>;
  private readonly partners: RefreshingCache<PartnerFacts>;
  private readonly pilots: RefreshingCache<RunningPilot[]>;

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
    this.partners = new RefreshingCache(
      async () => {
        const data = await graph.query<{
          partners: { id: string; status: string; contracts: { brand: { id: string }; status: string; exitDate: string | null; capabilityScope: string[] }[] }[];
        }>('{ partners { id status contracts { brand { id } status exitDate capabilityScope } } }');
        return {
          suspended: new Set(data.partners.filter((p) => p.status === 'SUSPENDED' || p.status === 'TERMINATED').map((p) => p.id)),
          contracts: data.partners.flatMap((p) =>
            p.contracts.map((c) => ({ partnerId: p.id, brandId: c.brand.id, status: c.status, exitDate: c.exitDate, capabilityScope: c.capabilityScope })),
          ),
        };
      },
      ttlMs,
      1_000,
      warn('partner statuses and exits'),
    );
    this.pilots = new RefreshingCache(
      async () => {
        const data = await graph.query<{
          pilots: { id: string; model: string; brand: { id: string }; capability: { code: string }; scope: { regions: string[]; channels: string[]; skuIds: string[] } }[];
        }>('{ pilots(status: RUNNING) { id model brand { id } capability { code } scope { regions channels skuIds } } }');
        return data.pilots.map((p) => ({ id: p.id, brandId: p.brand.id, capability: p.capability.code, model: p.model, ...p.scope }));
      },
      ttlMs,
      1_000,
      warn('running pilots'),
    );
  }

  /** The FULFILLMENT operating model in effect for a brand, or null when none is decided. Rejects only if never read. */
  async fulfillmentModel(brandId: string): Promise<string | null> {
    let models = await this.models.get();
    if (!models.has(brandId)) models = await this.models.get({ refresh: true });
    return models.get(brandId) ?? null;
  }

  /** Reads every fact again now (after a known change, or when a person asks for a fresh view); the last known stay if a source is down. */
  async refresh(): Promise<void> {
    await Promise.all([this.models.get({ force: true }), this.partners.get({ force: true }), this.pilots.get({ force: true })].map((p) => p.catch(() => {})));
  }

  /** Partners known to be suspended or terminated; none while their statuses were never read (what the recovery sweep moves orders off). */
  async suspendedPartnerIds(): Promise<Set<string>> {
    return (await this.partnerFacts())?.suspended ?? new Set();
  }

  /**
   * For routing, which must fail closed: the suspended partners, or null while no status was ever
   * read (the partners subgraph unreachable since this process started) — then any partner might be
   * suspended, and routing keeps off every partner-run node until it knows.
   */
  async suspendedPartnerIdsIfKnown(): Promise<Set<string> | null> {
    return (await this.partnerFacts())?.suspended ?? null;
  }

  /** Partners the brand has left as of `today` (YYYY-MM-DD), see `exitedPartnerIds`. */
  async exitedPartnerIds(brandId: string, today: string): Promise<Set<string>> {
    const facts = await this.partnerFacts();
    return facts ? exitedPartnerIds(facts.contracts, brandId, today) : new Set();
  }

  /** Every brand's partner contracts as routing sees them (status, exit date, scope). */
  async partnerContracts(): Promise<PartnerContractFact[]> {
    return (await this.partnerFacts())?.contracts ?? [];
  }

  async runningPilots(): Promise<RunningPilot[]> {
    try {
      return await this.pilots.get();
    } catch {
      return [];
    }
  }

  private async partnerFacts(): Promise<PartnerFacts | null> {
    try {
      return await this.partners.get();
    } catch {
      return null;
    }
  }
}
