import 'reflect-metadata';
import { z } from 'zod';
import { ConfigError, loadConfig, resolveSecrets, withDatabase } from '../../../shared/src/config';
import { createLogger } from '../../../shared/src/logger';
import { startSubgraph } from '../../../shared/src/subgraph/server';
import { sustainabilitySubgraph } from './subgraph';

/**
 * runSubgraphProcess for a subgraph the shared configuration does not know: the port comes from
 * SUSTAINABILITY_PORT (default 4004) and the database is `trellis_sustainability` on DATABASE_URL.
 */
const logger = createLogger('sustainability');
(async () => {
  const config = loadConfig();
  const port = z.coerce.number().int().min(0).max(65535).default(4004).safeParse(process.env.SUSTAINABILITY_PORT);
  if (!port.success) throw new ConfigError(`Invalid configuration: SUSTAINABILITY_PORT: ${port.error.issues[0]!.message}`);
  if (!config.databaseUrl) throw new ConfigError('No database for the sustainability subgraph: set DATABASE_URL.');
  const running = await startSubgraph(sustainabilitySubgraph, {
    databaseUrl: withDatabase(config.databaseUrl, 'trellis_sustainability'),
    signingSecret: resolveSecrets(config).signingSecret,
    signatureMaxAgeSeconds: config.auth.signatureMaxAgeSeconds,
    peers: config.subgraphUrls,
    port: port.data,
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
