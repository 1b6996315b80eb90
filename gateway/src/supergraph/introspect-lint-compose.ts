import { randomUUID } from 'node:crypto';
import type { SupergraphManager, SupergraphSdlHook } from '@apollo/gateway';
import { GATEWAY_PRINCIPAL } from '../../../shared/src/auth/principal';
import { signClaims } from '../../../shared/src/auth/signing';
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
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signClaims(GATEWAY_PRINCIPAL, randomUUID(), this.options.signingSecret) },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: { _service: { sdl: string } } };
    if (!body.data) throw new Error(`subgraph "${name}" did not give its schema (HTTP ${response.status})`);
    return body.data._service.sdl;
  }
}
