import type { Pool } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';
import { DEFAULT_DATABASE_SETTINGS } from './database-settings';

/**
 * A read that every request makes (a brand by slug, a page of SKUs, stock positions), sent as a
 * named prepared statement straight to the data source's pg pool: PostgreSQL parses and plans it
 * once per connection instead of once per request, and TypeORM's query runner (a connection
 * checkout of its own, timing, logging) is skipped. It is counted, logged and fails like any
 * statement TypeORM sends (`QueryFailedError` around pg's error), outside any transaction.
 *
 * `name` must stand for exactly one `text` in the whole service. With the data source's
 * `preparedStatements` off (a pooler that does not keep them), the statement goes unnamed.
 */
export async function preparedRead<R>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<R[]> {
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

const settingsByDataSource = new WeakMap<DataSource, boolean>();

/** Records whether a data source may use named prepared statements (`DB_PREPARED_STATEMENTS`). */
export function usePreparedStatements(dataSource: DataSource, on: boolean): void {
  settingsByDataSource.set(dataSource, on);
}

function preparedStatementsOf(dataSource: DataSource): boolean {
  return settingsByDataSource.get(dataSource) ?? DEFAULT_DATABASE_SETTINGS.preparedStatements;
}
