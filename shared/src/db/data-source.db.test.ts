import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createLogger } from '../logger';
import { createDataSource } from './data-source';
import { databaseFailure } from './database-failure';
import { DEFAULT_DATABASE_SETTINGS, type DatabaseSettings } from './database-settings';
import { ensureDatabase } from './ensure-database';
import { testDatabaseUrl } from '../../../test/support/test-database';

/**
 * The pool every service opens, against a real PostgreSQL: its timeouts reach the server, what
 * they cancel is recognised as DATABASE_TIMEOUT, and connections the server ends are dropped and
 * replaced without a restart (and without an unhandled 'error' event taking the process down).
 */
let url: string;
const open: DataSource[] = [];

beforeAll(async () => {
  url = testDatabaseUrl('pool');
  await ensureDatabase(url);
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query('CREATE TABLE item (id int PRIMARY KEY, n int NOT NULL); INSERT INTO item VALUES (1, 0)');
  await admin.end();
});

afterAll(async () => {
  await Promise.all(open.map((d) => d.destroy().catch(() => undefined)));
});

async function pool(settings: Partial<DatabaseSettings>, applicationName = `test-${randomBytes(3).toString('hex')}`): Promise<DataSource> {
  const dataSource = createDataSource({ url, entities: [], migrations: [], settings: { ...DEFAULT_DATABASE_SETTINGS, ...settings }, applicationName, logger: createLogger('pool', 'silent') });
  await dataSource.initialize();
  open.push(dataSource);
  return dataSource;
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => databaseFailure(error),
  );

it('sets the statement, lock and idle-in-transaction timeouts on every connection, and names the service', async () => {
  const db = await pool({ statementTimeoutMs: 1234, lockTimeoutMs: 567, idleInTransactionTimeoutMs: 8900 }, 'trellis-test');
  const [settings] = await db.query(
    "SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock, current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('application_name') AS name",
  );
  expect(settings).toEqual({ statement: '1234ms', lock: '567ms', idle: '8900ms', name: 'trellis-test' });
});

it('cancels a statement that runs too long: DATABASE_TIMEOUT, statement_timeout', async () => {
  const db = await pool({ statementTimeoutMs: 100 });
  expect(await failureOf(db.query('SELECT pg_sleep(5)'))).toMatchObject({ code: 'DATABASE_TIMEOUT', reason: 'statement_timeout' });
  expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
});

it('cancels a wait for a lock someone else holds: DATABASE_TIMEOUT, lock_timeout, and nothing changes', async () => {
  const db = await pool({ lockTimeoutMs: 100 });
  const holder = new Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM item WHERE id = 1 FOR UPDATE');
    const update = db.transaction((manager) => manager.query('UPDATE item SET n = n + 1 WHERE id = 1'));
    expect(await failureOf(update)).toMatchObject({ code: 'DATABASE_TIMEOUT', reason: 'lock_timeout' });
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  expect(await db.query('SELECT n FROM item WHERE id = 1')).toEqual([{ n: 0 }]);
});

it('gives up waiting for a connection when every one is busy: DATABASE_TIMEOUT, no_free_connection', async () => {
  const db = await pool({ poolMax: 1, connectTimeoutMs: 100 });
  const busy = db.createQueryRunner();
  await busy.connect();
  try {
    expect(await failureOf(db.query('SELECT 1'))).toMatchObject({ code: 'DATABASE_TIMEOUT', reason: 'no_free_connection' });
  } finally {
    await busy.release();
  }
  expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
});

it('ends a transaction left idle, freeing its locks, and the pool carries on', async () => {
  const db = await pool({ idleInTransactionTimeoutMs: 100, poolMax: 2 });
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query('SELECT * FROM item WHERE id = 1 FOR UPDATE');
  // The server ends the session; the runner's connection breaks while it is checked out.
  await waitUntil(async () => (await db.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND datname = current_database()"))[0].n === 0);
  expect(await failureOf(runner.query('SELECT 1'))).toMatchObject({ code: expect.stringMatching(/^DATABASE_(TIMEOUT|UNAVAILABLE)$/) });
  await runner.release().catch(() => undefined);
  // The lock went with the session.
  await db.transaction((manager) => manager.query('UPDATE item SET n = n WHERE id = 1'));
});

it('replaces connections the server ended: no restart, no crash', async () => {
  const name = `test-kill-${randomBytes(3).toString('hex')}`;
  const db = await pool({ poolMax: 4 }, name);
  // Four idle connections in the pool…
  await Promise.all(Array.from({ length: 4 }, () => db.query('SELECT pg_sleep(0.05)')));
  // …all ended by the server, as a restart of PostgreSQL would.
  const terminator = new Client({ connectionString: url });
  await terminator.connect();
  const { rowCount } = await terminator.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
  await terminator.end();
  expect(rowCount).toBeGreaterThan(0);
  // The idle clients' 'error' events reach the pool's handler; new queries get new connections.
  await waitUntil(async () => (await db.query('SELECT 1 AS ok').then(() => true, () => false)));
  const results = await Promise.all(Array.from({ length: 8 }, () => db.query('SELECT 1 AS ok')));
  expect(results.flat()).toEqual(Array.from({ length: 8 }, () => ({ ok: 1 })));
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
