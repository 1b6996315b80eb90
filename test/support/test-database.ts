import { randomBytes } from 'node:crypto';
import { withDatabase } from '../../shared/src/config';

/** The PostgreSQL server of the test run (started by test/support/global-setup.ts). */
export function testServerUrl(): string {
  const url = process.env.TRELLIS_TEST_SERVER_URL;
  if (!url) throw new Error('TRELLIS_TEST_SERVER_URL is not set: run the tests through jest (see jest.config.js).');
  return url;
}

/** A database of a test's own on that server, `t<random>_<name>` (not created: ensureDatabase does that). */
export function testDatabaseUrl(name: string): string {
  return withDatabase(testServerUrl(), `t${randomBytes(4).toString('hex')}_${name}`);
}
