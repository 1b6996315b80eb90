import { databaseUrlFor, loadConfig, resolveSecrets } from '../config';
import { createLogger } from '../logger';
import { startSubgraph, type SubgraphDefinition } from './server';

/**
 * The process entry point shared by every subgraph: read the configuration, start, and stop
 * cleanly on SIGINT/SIGTERM. A start-up failure prints one line and exits non-zero.
 */
export function runSubgraphProcess<L>(definition: SubgraphDefinition<L>): void {
  const logger = createLogger(definition.name);
  (async () => {
    const config = loadConfig();
    const running = await startSubgraph(definition, {
      databaseUrl: databaseUrlFor(config, definition.name),
      signingSecret: resolveSecrets(config).signingSecret,
      signatureMaxAgeSeconds: config.auth.signatureMaxAgeSeconds,
      peers: config.subgraphUrls,
      settings: { reservationTtlMinutes: config.reservationTtlMinutes },
      port: config.subgraphPorts[definition.name],
      host: config.host,
      seed: config.seedDemo,
      logLevel: config.logLevel,
    });
    const shutdown = (signal: string) => {
      logger.info(`${signal}: stopping`);
      running.stop().then(
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
