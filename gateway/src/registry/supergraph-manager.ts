import type { SupergraphManager, SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '../../../shared/src/logger';
import { throttled } from '../../../shared/src/throttled';
import { acknowledgeEnforcedSecurityFeatures } from '../supergraph/enforced-security-features';
import { joinGraphsOf } from '../supergraph/join-graphs';
import type { Registry } from './registry';

export interface RegistrySupergraphOptions {
  registry: Pick<Registry, 'head' | 'current' | 'version'>;
  pollIntervalMs: number;
  logger: Logger;
  /** Told of every supergraph this gateway starts serving. */
  onLoad?: (supergraph: { version: number; hash: string; subgraphs: { name: string; url: string }[] }) => void;
}

/**
 * Feeds @apollo/gateway from the registry. Every gateway instance polls the registry's head (one
 * tiny query) and, when the version changes, hands the new supergraph to the gateway, which builds
 * the new query planner and schema beside the old ones and swaps them atomically; requests in
 * flight finish on the schema they started with. A supergraph that fails to load leaves the old one
 * serving, and the next poll tries again.
 */
export class RegistrySupergraphManager implements SupergraphManager {
  private timer?: NodeJS.Timeout;
  private served?: { version: number; hash: string };
  private failedHash?: string;

  constructor(private readonly options: RegistrySupergraphOptions) {}

  async initialize({ update }: Parameters<SupergraphSdlHook>[0]) {
    const { registry } = this.options;
    const first = await registry.current();
    if (!first) throw new Error('The registry has no supergraph yet: publish a subgraph first (npm run trellis -- subgraph publish …).');
    this.served = { version: first.version, hash: first.hash };
    this.notify(first);
    this.timer = setInterval(() => void this.poll(update), this.options.pollIntervalMs);
    this.timer.unref();
    return { supergraphSdl: acknowledgeEnforcedSecurityFeatures(first.sdl), cleanup: async () => clearInterval(this.timer) };
  }

  private polling = false;
  /** While the registry's database is away every poll fails alike: one line every few seconds says so. */
  private failing = false;
  private readonly pollFailed = throttled(10_000, (suppressed, message: string) =>
    this.options.logger.error(`supergraph not updated; the previous one keeps serving: ${message}${suppressed ? ` (${suppressed} more failed polls)` : ''}`),
  );

  private async poll(update: (sdl: string) => void): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    let loading = false;
    try {
      const head = await this.options.registry.head();
      if (this.failing) this.options.logger.info('the registry answers again');
      this.failing = false;
      if (!head || head.hash === this.served?.hash || head.hash === this.failedHash) return;
      const next = (await this.options.registry.version(head.version))!;
      loading = true;
      try {
        update(acknowledgeEnforcedSecurityFeatures(next.sdl));
      } catch (error) {
        this.failedHash = next.hash;
        throw error;
      }
      this.served = { version: next.version, hash: next.hash };
      this.notify(next);
      this.options.logger.info(`serving supergraph version ${next.version} (${next.hash.slice(0, 12)})`);
    } catch (error) {
      if (loading) {
        this.options.logger.error(`supergraph not updated; the previous one keeps serving: ${(error as Error).message}`);
      } else {
        this.failing = true;
        this.pollFailed((error as Error).message);
      }
    } finally {
      this.polling = false;
    }
  }

  private notify(supergraph: { version: number; hash: string; sdl: string }): void {
    this.options.onLoad?.({ version: supergraph.version, hash: supergraph.hash, subgraphs: joinGraphsOf(supergraph.sdl) });
  }
}
