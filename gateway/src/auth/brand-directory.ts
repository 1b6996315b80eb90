import { randomUUID } from 'node:crypto';
import { GATEWAY_PRINCIPAL } from '../../../shared/src/auth/principal';
import { signClaims } from '../../../shared/src/auth/signing';
import type { Logger } from '../../../shared/src/logger';

/**
 * Brand slugs (what tokens name) → brand ids (what subgraph rows carry), from the brands
 * subgraph, cached. An unknown slug triggers one refresh (at most every few seconds); if the
 * brands subgraph cannot be reached, the last known directory is used, and slugs it does not
 * know resolve to nothing — a brand-scoped caller then sees less, never more.
 */
export class BrandDirectory {
  private ids = new Map<string, string>();
  private loadedAt = 0;
  private inflight?: Promise<void>;

  constructor(
    private readonly brandsUrl: string,
    private readonly signingSecret: string,
    private readonly logger: Logger,
    private readonly ttlMs = 30_000,
    private readonly minRefreshMs = 2_000,
  ) {}

  async idsFor(slugs: readonly string[]): Promise<string[]> {
    const stale = Date.now() - this.loadedAt > this.ttlMs;
    const unknown = slugs.some((s) => !this.ids.has(s));
    if (stale || (unknown && Date.now() - this.loadedAt > this.minRefreshMs)) await this.refresh();
    return slugs.map((s) => this.ids.get(s)).filter((id): id is string => id !== undefined);
  }

  private refresh(): Promise<void> {
    this.inflight ??= (async () => {
      try {
        const response = await fetch(this.brandsUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signClaims(GATEWAY_PRINCIPAL, randomUUID(), this.signingSecret) },
          body: JSON.stringify({ query: '{ brands { id slug } }' }),
          signal: AbortSignal.timeout(2000),
        });
        const body = (await response.json()) as { data?: { brands: { id: string; slug: string }[] } };
        if (!body.data) throw new Error(`status ${response.status}`);
        this.ids = new Map(body.data.brands.map((b) => [b.slug, b.id]));
        this.loadedAt = Date.now();
      } catch (error) {
        this.logger.warn(`brand directory not refreshed (${(error as Error).message}); using the last known one`);
        this.loadedAt = Date.now() - this.ttlMs + this.minRefreshMs;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }
}
