import { gatewayPublicKeys, serviceSigningKey } from '../auth/key-material';
import { parseSettings, subgraphPlacement } from '../config';
import { bootProcess } from '../observability/process';
import { stopOnSignals } from '../process/stop-on-signals';
import type { SubgraphDefinition } from './definition';
import { startSubgraph } from './server';

/**
 * The process entry point of every subgraph, core or a platform team's own: read the
 * configuration (its port and database from `<NAME>_PORT` / `<NAME>_DATABASE_URL`, its own
 * settings section), start, and stop cleanly on SIGINT/SIGTERM (requests in flight finish within
 * SHUTDOWN_GRACE_MS, the database pool closes, exit 0). A start-up failure prints one line and
 * exits non-zero.
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
      database: config.database,
      shutdownGraceMs: config.shutdownGraceMs,
    });
    stopOnSignals(
      async () => {
        await running.stop();
        await tracing?.shutdown();
      },
      {
        logger,
        graceMs: config.shutdownGraceMs,
        // After the grace period a statement still running is waited for (the pool closes after it), up to its timeout.
        marginMs: Math.max(5_000, config.database.statementTimeoutMs + 1_000),
      },
    );
  })().catch((error: Error) => {
    logger.error(`cannot start: ${error.message}`);
    process.exit(1);
  });
}
