import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../shared/src/db/embedded-postgres';
import { freePort } from './free-port';

/**
 * Starts one real PostgreSQL for the whole test run (or uses TEST_DATABASE_URL / DATABASE_URL
 * when given) and hands its URL to the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) {
    process.env.TRELLIS_TEST_SERVER_URL = given;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort() });
  process.env.TRELLIS_TEST_SERVER_URL = pg.url;
  (globalThis as Record<string, unknown>).__TRELLIS_PG__ = { pg, dataDir };
}
