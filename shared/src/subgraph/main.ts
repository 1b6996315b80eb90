import { databaseUrlFor, loadConfig, resolveSecrets, type TrellisConfig } from '../config';
import { createLogger } from '../logger';
import { startSubgraph, type SubgraphDefinition } from './server';

/**
 * The process entry point shared by every subgraph: read the configuration, start, and stop
 * cleanly on SIGINT/SIGTERM. A start-up failure prints one line and exits non-zero. A subgraph the
 * shared configuration does not know (a platform team's own) says where it listens and which
 * database it uses with `placement`.
 */
export function runSubgraphProcess<L>(
  definition: SubgraphDefinition<L>,
  placement: (config: TrellisConfig) => { port: number; databaseUrl: string } = (config) => ({
    port: config.subgraphPorts[definition.name],
    databaseUrl: databaseUrlFor(config, definition.name),
  }),
): void {
  const logger = createLogger(definition.name);
  (async () => {
    const config = loadConfig();
    const { port, databaseUrl } = placement(config);
    const running = await startSubgraph(definition, {
      databaseUrl,
      signingSecret: resolveSecrets(config).signingSecret,
      signatureMaxAgeSeconds: config.auth.signatureMaxAgeSeconds,
      peers: config.subgraphUrls,
      settings: { reservationTtlMinutes: config.reservationTtlMinutes },
      port,
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
