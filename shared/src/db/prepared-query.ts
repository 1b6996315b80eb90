import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { DEFAULT_DATABASE_SETTINGS } from './database-settings';

/**
 * A statement every request makes (a brand by slug, a page of SKUs, stock positions, a mutation's
 * nonce), sent as a named prepared statement straight to the data source's pg pool: PostgreSQL parses and plans it
 * once per connection instead of once per request, and TypeORM's query runner (a connection
 * checkout of its own, timing, logging) is skipped. It is counted, logged and fails like any
 * statement TypeORM sends (`QueryFailedError` around pg's error), outside any transaction.
 *
 * `name` must stand for exactly one `text` in the whole service. With the data source's
 * `preparedStatements` off (a pooler that does not keep them), the statement goes unnamed. A
 * `null` name sends it unnamed, planned every time, past TypeORM all the same: for a statement
 * over a table that grows fast from empty (a new installation, a benchmark), where a plan
 * PostgreSQL cached while the table was small (a scan) would stay long after it is not.
 */
export async function preparedQuery<R>(dataSource: DataSource, name: string | null, text: string, values: unknown[]): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool || (name !== null && !preparedStatementsOf(dataSource))) return (await dataSource.query(text, values)) as R[];
  return (await sent(dataSource, undefined, text, values, () => pool.query(name === null ? { text, values } : { name, text, values }))).rows as R[];
}

/**
 * `preparedQuery` inside a transaction: the statement goes on the transaction's own connection
 * (named, so prepared once per connection), past TypeORM's query building, logged and counted as
 * TypeORM would. For the reads of a hot write path (routing).
 */
export async function preparedQueryIn<R>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<R[]> {
  const client = await clientOf(manager);
  if (!client) return (await manager.query(text, values)) as R[];
  const prepared = preparedStatementsOf(manager.connection);
  return (await sent(manager.connection, manager.queryRunner, text, values, () => client.query(prepared ? { name, text, values } : { text, values }))).rows as R[];
}

/**
 * Several statements without parameters in one simple-protocol message, on the transaction's own
 * connection: one round trip, each statement with its own snapshot (READ COMMITTED). The rows of
 * each statement, in order; logged and counted as one statement.
 */
export async function simpleQueryIn(manager: EntityManager, text: string): Promise<unknown[][]> {
  const client = await clientOf(manager);
  if (!client) throw new Error('simpleQueryIn needs a transaction');
  const results = await sent(manager.connection, manager.queryRunner, text, [], () => client.query(text) as Promise<QueryResult | QueryResult[]>);
  return (Array.isArray(results) ? results : [results]).map((r) => r.rows);
}

/** The pg client of the manager's query runner (its transaction's connection), if it has one. */
async function clientOf(manager: EntityManager): Promise<Pick<PoolClient, 'query'> | undefined> {
  const runner = manager.queryRunner as unknown as { connect?(): Promise<unknown> } | undefined;
  const client = (await runner?.connect?.()) as Pick<PoolClient, 'query'> | undefined;
  return typeof client?.query === 'function' ? client : undefined;
}

/**
 * A statement sent past TypeORM, treated as TypeORM treats its own: logged (and so counted), timed
 * against `maxQueryExecutionTime` (a slow one is logged as slow), and failing as `QueryFailedError`.
 */
async function sent<T>(connection: DataSource, runner: QueryRunner | undefined, text: string, values: unknown[], send: () => Promise<T>): Promise<T> {
  connection.logger.logQuery(text, values, runner);
  const started = performance.now();
  let result: T;
  try {
    result = await send();
  } catch (error) {
    connection.logger.logQueryError(error as Error, text, values, runner);
    throw new QueryFailedError(text, values, error as Error);
  }
  const elapsed = performance.now() - started;
  const slow = connection.options.maxQueryExecutionTime;
  if (slow && elapsed > slow) connection.logger.logQuerySlow(elapsed, text, values, runner);
  return result;
}

const names = new Map<string, string>();

/** A statement name for a text built at run time: `prefix` and a digest of the text, so two texts never share a name. */
export function statementName(prefix: string, text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= 1_000) names.clear();
    names.set(text, (name = `${prefix}.${createHash('sha1').update(text).digest('base64url').slice(0, 12)}`));
  }
  return name;
}

const settingsByDataSource = new WeakMap<DataSource, boolean>();

/** Records whether a data source may use named prepared statements (`DB_PREPARED_STATEMENTS`). */
export function usePreparedStatements(dataSource: DataSource, on: boolean): void {
  settingsByDataSource.set(dataSource, on);
}

function preparedStatementsOf(dataSource: DataSource): boolean {
  return settingsByDataSource.get(dataSource) ?? DEFAULT_DATABASE_SETTINGS.preparedStatements;
}
