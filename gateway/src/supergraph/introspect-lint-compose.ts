import type { SupergraphManager, SupergraphSdlHook } from '@apollo/gateway';
import { GATEWAY_PRINCIPAL } from '../../../shared/src/auth/principal';
import { signedQuery } from '../../../shared/src/subgraph/signed-query';
import type { Logger } from '../../../shared/src/logger';
import { composeSupergraph, type SubgraphSource } from './compose';
import { acknowledgeEnforcedSecurityFeatures } from './enforced-security-features';

export interface IntrospectLintComposeOptions {
  subgraphs: readonly { name: string; url: string }[];
  signingSecret: string;
  pollIntervalMs: number;
  logger: Logger;
}

/**
 * Builds the supergraph from the subgraphs' own SDL (`_service { sdl }`, asked with the gateway's
 * signature), and refuses any composition that fails the governance lint or does not compose:
 * at start that stops the gateway with the errors; later, while polling, the running supergraph
 * stays in service and the errors are logged.
 */
export class IntrospectLintCompose implements SupergraphManager {
  private timer?: NodeJS.Timeout;
  private hash?: string;

  constructor(private readonly options: IntrospectLintComposeOptions) {}

  async initialize({ update }: Parameters<SupergraphSdlHook>[0]) {
    const first = await this.compose();
    if (!first.ok) throw new Error(`The supergraph was not composed:\n${first.errors.map((e: string) => `  - ${e}`).join('\n')}`);
    this.hash = first.hash;
    this.timer = setInterval(() => void this.poll(update), this.options.pollIntervalMs);
    this.timer.unref();
    return {
      supergraphSdl: acknowledgeEnforcedSecurityFeatures(first.supergraphSdl),
      cleanup: async () => clearInterval(this.timer),
    };
  }

  private async poll(update: (sdl: string) => void): Promise<void> {
    try {
      const next = await this.compose();
      if (!next.ok) {
        this.options.logger.error(`new subgraph schemas refused; the running supergraph stays:\n${next.errors.join('\n')}`);
        return;
      }
      if (next.hash === this.hash) return;
      this.hash = next.hash;
      update(acknowledgeEnforcedSecurityFeatures(next.supergraphSdl));
      this.options.logger.info(`supergraph updated (${next.hash.slice(0, 12)})`);
    } catch (error) {
      this.options.logger.debug(`subgraph schemas not fetched: ${(error as Error).message}`);
    }
  }

  private async compose() {
    const sources: SubgraphSource[] = await Promise.all(
      this.options.subgraphs.map(async ({ name, url }) => ({ name, url, sdl: await this.fetchSdl(name, url) })),
    );
    return composeSupergraph(sources);
  }

  private async fetchSdl(name: string, url: string): Promise<string> {
    try {
      const data = await signedQuery<{ _service: { sdl: string } }>(url, this.options.signingSecret, GATEWAY_PRINCIPAL, '{ _service { sdl } }', {
        timeoutMs: 5000,
      });
      return data._service.sdl;
    } catch (error) {
      throw new Error(`subgraph "${name}" did not give its schema: ${(error as Error).message}`);
    }
  }
}
