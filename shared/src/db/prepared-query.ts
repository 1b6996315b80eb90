import type { Pool, PoolClient } from 'pg';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_DATABASE_SETTINGS } from './database-settings';

/**
 * A statement every request makes (a brand by slug, a page of SKUs, stock positions, a mutation's
 * nonce), sent as a named prepared statement straight to the data source's pg pool: PostgreSQL parses and plans it
 * once per connection instead of once per request, and TypeORM's query runner (a connection
 * checkout of its own, timing, logging) is skipped. It is counted, logged and fails like any
 * statement TypeORM sends (`QueryFailedError` around pg's error), outside any transaction.
 *
 * `name` must stand for exactly one `text` in the whole service. With the data source's
 * `preparedStatements` off (a pooler that does not keep them), the statement goes unnamed.
 */
export async function preparedQuery<R>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool || !preparedStatementsOf(dataSource)) return (await dataSource.query(text, values)) as R[];
  dataSource.logger.logQuery(text, values);
  try {
    return (await pool.query({ name, text, values })).rows as R[];
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, text, values);
    throw new QueryFailedError(text, values, error as Error);
  }
}

/**
 * `preparedQuery` inside a transaction: the statement goes on the transaction's own connection
 * (named, so prepared once per connection), past TypeORM's query building, logged and counted as
 * TypeORM would. For the reads of a hot write path (routing).
 */
export async function preparedQueryIn<R>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<R[]> {
  const runner = manager.queryRunner as unknown as { connect?(): Promise<unknown> } | undefined;
  const client = (await runner?.connect?.()) as Pick<PoolClient, 'query'> | undefined;
  if (typeof client?.query !== 'function') return (await manager.query(text, values)) as R[];
  const prepared = preparedStatementsOf(manager.connection);
  manager.connection.logger.logQuery(text, values, manager.queryRunner);
  try {
    return (await client.query(prepared ? { name, text, values } : { text, values })).rows as R[];
  } catch (error) {
    manager.connection.logger.logQueryError(error as Error, text, values, manager.queryRunner);
    throw new QueryFailedError(text, values, error as Error);
  }
}

const settingsByDataSource = new WeakMap<DataSource, boolean>();

/** Records whether a data source may use named prepared statements (`DB_PREPARED_STATEMENTS`). */
export function usePreparedStatements(dataSource: DataSource, on: boolean): void {
  settingsByDataSource.set(dataSource, on);
}

function preparedStatementsOf(dataSource: DataSource): boolean {
  return settingsByDataSource.get(dataSource) ?? DEFAULT_DATABASE_SETTINGS.preparedStatements;
}
