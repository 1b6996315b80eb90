import path from 'node:path';
import { loadConfig } from '../shared/src/config';
import { startEmbeddedPostgres } from '../shared/src/db/embedded-postgres';
import { createLogger } from '../shared/src/logger';

/**
 * `npm run db`: only the embedded PostgreSQL, for running services one by one
 * (`DATABASE_URL=<printed url> npm run start:brands`).
 */
const logger = createLogger('db');

(async () => {
  const config = loadConfig();
  const pg = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), port: config.embeddedPostgresPort, logger });
  console.log(`PostgreSQL is up. Use:\n  export DATABASE_URL=${pg.url}`);
  const stop = async () => {
    await pg.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
})().catch((error: Error) => {
  logger.error(`cannot start PostgreSQL: ${error.message}`);
  process.exit(1);
});
