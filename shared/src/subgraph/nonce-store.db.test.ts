import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, statementCount } from '../db/data-source';
import { ensureDatabase } from '../db/ensure-database';
import { createLogger } from '../logger';
import { AcceptedNonces1764200000000, NonceStore } from './nonce-store';
import { testDatabaseUrl } from '../../../test/support/test-database';

/** Each signature's nonce is accepted once, however many claims arrive at the same time — in one statement. */
let dataSource: DataSource;

beforeAll(async () => {
  const url = testDatabaseUrl('nonces');
  await ensureDatabase(url);
  dataSource = createDataSource({ url, entities: [], migrations: [AcceptedNonces1764200000000], logger: createLogger('nonces', 'silent') });
  await dataSource.initialize();
  await dataSource.runMigrations();
});

afterAll(async () => {
  await dataSource?.destroy();
});

it('accepts each nonce once: concurrent claims in one statement, a nonce claimed twice at once wins once, a later claim loses', async () => {
  const nonces = new NonceStore(dataSource);
  const expiresAt = new Date(Date.now() + 30_000);
  const distinct = Array.from({ length: 20 }, () => randomUUID());
  const twice = randomUUID();
  const before = statementCount(dataSource);
  const claims = await Promise.all([...distinct, twice, twice].map((nonce) => nonces.claim(nonce, expiresAt)));
  expect(statementCount(dataSource) - before).toBe(1);
  expect(claims.slice(0, 20)).toEqual(distinct.map(() => true));
  expect(claims.slice(20).sort()).toEqual([false, true]);
  expect(await nonces.claim(distinct[3]!, expiresAt)).toBe(false);
  expect(await nonces.claim(randomUUID(), expiresAt)).toBe(true);
});

it('fails every claim of a batch the database refuses, and the next batch works again', async () => {
  const nonces = new NonceStore(dataSource);
  const claims = await Promise.allSettled([nonces.claim(randomUUID(), new Date(Number.NaN)), nonces.claim(randomUUID(), new Date())]);
  expect(claims.map((c) => c.status)).toEqual(['rejected', 'rejected']);
  expect(await nonces.claim(randomUUID(), new Date(Date.now() + 30_000))).toBe(true);
});
