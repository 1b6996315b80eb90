import { gatewayPublicKeys, serviceSigningKey } from '../auth/key-material';
import { parseSettings, subgraphPlacement } from '../config';
import { bootProcess } from '../observability/process';
import type { SubgraphDefinition } from './definition';
import { startSubgraph } from './server';

/**
 * The process entry point of every subgraph, core or a platform team's own: read the
 * configuration (its port and database from `<NAME>_PORT` / `<NAME>_DATABASE_URL`, its own
 * settings section), start, and stop cleanly on SIGINT/SIGTERM. A start-up failure prints one line
 * and exits non-zero.
 */
export function runSubgraphProcess<L, S, C>(definition: SubgraphDefinition<L, S, C>): void {
  const { config, logger, tracing } = bootProcess(definition.name);
  (async () => {
    const { port, databaseUrl } = subgraphPlacement(config, definition.name, definition.defaultPort);
    const running = await startSubgraph(definition, {
      databaseUrl,
      port,
      host: config.host,
      seed: config.seedDemo,
      logLevel: config.logLevel,
      settings: definition.settings ? parseSettings(config, definition.name, definition.settings) : undefined,
      gatewayKeys: gatewayPublicKeys(config),
      signatureMaxAgeSeconds: config.auth.signatureMaxAgeSeconds,
      serviceKey: await serviceSigningKey(config, definition.name),
      gatewayUrl: () => config.gatewayUrl,
      tokenAudience: config.auth.audience,
    });
    const shutdown = (signal: string) => {
      logger.info(`${signal}: stopping`);
      running
        .stop()
        .then(() => tracing?.shutdown())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  })().catch((error: Error) => {
    logger.error(`cannot start: ${error.message}`);
    process.exit(1);
  });
}
