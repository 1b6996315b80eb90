import { GATEWAY_PRINCIPAL } from '../../../shared/src/auth/principal';
import type { Logger } from '../../../shared/src/logger';
import { BrandLookup } from '../../../shared/src/subgraph/brand-lookup';

/**
 * The brands a token names, as ids. If the brands subgraph has never answered, or does not know a
 * slug, that slug resolves to nothing: a brand-scoped caller then sees less, never more.
 */
export class BrandDirectory {
  private readonly lookup: BrandLookup;

  constructor(brandsUrl: () => string | undefined, signingSecret: string, logger: Logger) {
    this.lookup = new BrandLookup(brandsUrl, signingSecret, GATEWAY_PRINCIPAL, logger);
  }

  async idsFor(slugs: readonly string[]): Promise<string[]> {
    return this.lookup.idsFor(slugs).catch(() => []);
  }
}
