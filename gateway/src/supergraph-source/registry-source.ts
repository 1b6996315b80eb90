import type { RequestSigner } from '../../../shared/src/auth/signing';
import { requestErrorHandler } from '../../../shared/src/http/request-errors';
import type { Logger } from '../../../shared/src/logger';
import type { DatabaseSettings } from '../../../shared/src/db/database-settings';
import type { UrlAllowlist } from '../../../shared/src/net/url-allowlist';
import { registryRoutes } from '../registry/http/routes';
import { supergraphRoute } from '../registry/http/supergraph-route';
import { startRegistry } from '../registry/start-registry';
import { RegistrySupergraphManager } from '../registry/supergraph-manager';
import type { SupergraphSource } from './source';

/**
 * The supergraph from the registry (its own database): every gateway on the registry polls its head
 * and serves the same version; the registry API and `GET /supergraph` are mounted on the gateway.
 */
export async function registrySource(options: {
  databaseUrl: string;
  bootstrapSubgraphs?: { name: string; url: string }[];
  allowlist: UrlAllowlist;
  pollIntervalMs: number;
  /** How many days of usage a check judges breaking changes by. */
  usageCheckDays?: number;
  /** Pool size and PostgreSQL timeouts of the registry's database (DB_* settings). */
  database?: DatabaseSettings;
  signer: RequestSigner;
  logger: Logger;
}): Promise<SupergraphSource> {
  const { registry, stop } = await startRegistry({
    databaseUrl: options.databaseUrl,
    bootstrapSubgraphs: options.bootstrapSubgraphs,
    signer: options.signer,
    allowlist: options.allowlist,
    usageCheckDays: options.usageCheckDays,
    database: options.database,
    logger: options.logger,
  });
  let served: { version: number; subgraphs: { name: string; url: string }[] } | undefined;
  return {
    manager: new RegistrySupergraphManager({
      registry,
      pollIntervalMs: options.pollIntervalMs,
      logger: options.logger,
      onLoad: (supergraph) => {
        served = supergraph;
      },
    }),
    served: () => served,
    registry,
    mount(app, principalOf, onClientChanged) {
      app.get('/supergraph', supergraphRoute(registry, principalOf));
      app.use('/registry', registryRoutes(registry, principalOf, (client) => onClientChanged?.(client)), requestErrorHandler(options.logger));
    },
    stop,
  };
}
