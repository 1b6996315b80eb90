import { Client } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';
import { createLogger } from '../logger';
import { createDataSource, statementCount } from './data-source';
import { databaseFailure } from './database-failure';
import { DEFAULT_DATABASE_SETTINGS } from './database-settings';
import { ensureDatabase } from './ensure-database';
import { preparedQuery } from './prepared-query';
import { startTcpProxy } from '../../../test/support/tcp-proxy';
import { testDatabaseUrl } from '../../../test/support/test-database';

/**
 * The reads every request makes go as named prepared statements (or unnamed, with
 * DB_PREPARED_STATEMENTS off), counted and failing like every other statement.
 */
let url: string;
const open: DataSource[] = [];

beforeAll(async () => {
  url = testDatabaseUrl('prepared');
  await ensureDatabase(url);
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query("CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL); INSERT INTO item VALUES (1, 'one'), (2, 'two'), (3, 'three')");
  await admin.end();
});

afterAll(async () => {
  await Promise.all(open.map((d) => d.destroy().catch(() => undefined)));
});

async function dataSource(preparedStatements: boolean): Promise<DataSource> {
  const source = createDataSource({ url, entities: [], migrations: [], settings: { ...DEFAULT_DATABASE_SETTINGS, poolMax: 2, preparedStatements }, logger: createLogger('db', 'silent') });
  await source.initialize();
  open.push(source);
  return source;
}

const ITEMS = 'SELECT id, label FROM item WHERE id = ANY($1::int[]) ORDER BY id';

async function preparedOnServer(source: DataSource): Promise<string[]> {
  // Prepared statements are per session: asked on every pooled connection that has run the read.
  const rows = await Promise.all([0, 1].map(() => source.query('SELECT name FROM pg_prepared_statements')));
  return [...new Set(rows.flat().map((r: { name: string }) => r.name))];
}

it('answers rows, counts the statement, and keeps it prepared on the connection', async () => {
  const source = await dataSource(true);
  const before = statementCount(source);
  for (let i = 0; i < 3; i++) expect(await preparedQuery(source, 'test.items', ITEMS, [[1, 3]])).toEqual([{ id: 1, label: 'one' }, { id: 3, label: 'three' }]);
  expect(statementCount(source) - before).toBe(3);
  expect(await preparedOnServer(source)).toContain('test.items');
});

it('sends it unnamed when prepared statements are off', async () => {
  const source = await dataSource(false);
  expect(await preparedQuery(source, 'test.items', ITEMS, [[2]])).toEqual([{ id: 2, label: 'two' }]);
  expect(await preparedOnServer(source)).not.toContain('test.items');
});

it('reports a statement slower than maxQueryExecutionTime as slow, as TypeORM does its own', async () => {
  const source = await dataSource(true);
  const slow = jest.spyOn(source.logger, 'logQuerySlow');
  await preparedQuery(source, 'test.fast', 'SELECT 1 AS one', []);
  expect(slow).not.toHaveBeenCalled();
  (source.options as { maxQueryExecutionTime?: number }).maxQueryExecutionTime = 20;
  await preparedQuery(source, 'test.slow', 'SELECT pg_sleep(0.05)', []);
  expect(slow).toHaveBeenCalledWith(expect.any(Number), 'SELECT pg_sleep(0.05)', [], undefined);
});

it('fails as TypeORM fails: a QueryFailedError around the database’s error, recognised when the database is away', async () => {
  const source = await dataSource(true);
  await expect(preparedQuery(source, 'test.bad', 'SELECT nope FROM item', [])).rejects.toBeInstanceOf(QueryFailedError);
  // The database goes away under the pool: its connections are cut and no new one is accepted.
  const proxy = await startTcpProxy(Number(new URL(url).port), '');
  const proxied = new URL(url);
  proxied.port = new URL(proxy.url).port;
  const behind = createDataSource({ url: proxied.toString(), entities: [], migrations: [], settings: { ...DEFAULT_DATABASE_SETTINGS, poolMax: 2, connectTimeoutMs: 1000 }, logger: createLogger('db', 'silent') });
  await behind.initialize();
  open.push(behind);
  expect(await preparedQuery(behind, 'test.items', ITEMS, [[1]])).toHaveLength(1);
  await proxy.stop();
  const failure = await preparedQuery(behind, 'test.items', ITEMS, [[1]]).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(QueryFailedError);
  expect(databaseFailure(failure)).toEqual(expect.objectContaining({ code: 'DATABASE_UNAVAILABLE' }));
});
