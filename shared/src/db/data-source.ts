import { DataSource, type EntitySchema, type Logger as OrmLogger, type MixedList } from 'typeorm';
import type { Logger } from '../logger';
import { DEFAULT_DATABASE_SETTINGS, poolOptions, type DatabaseSettings } from './database-settings';
import { describeDatabaseFailure } from './database-failure';
import { throttled } from '../throttled';
import { usePreparedStatements } from './prepared-query';

/**
 * Counts every SQL statement TypeORM sends. Tests read it to prove that batching holds
 * (a query over the whole portfolio costs a constant number of statements).
 */
export class StatementCounter implements OrmLogger {
  count = 0;
  constructor(private readonly logger?: Logger) {}
  logQuery(query: string): void {
    this.count += 1;
    this.logger?.debug(query);
  }
  logQueryError(error: string | Error, query: string): void {
    this.count += 1;
    this.logger?.debug(`query failed: ${String(error)} — ${query}`);
  }
  logQuerySlow(time: number, query: string): void {
    this.logger?.warn(`slow query (${time} ms): ${query}`);
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger?.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn(String(message));
  }
}

export interface DataSourceOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  logger?: Logger;
  /** Pool size and PostgreSQL timeouts (DB_* settings); default DEFAULT_DATABASE_SETTINGS. */
  settings?: DatabaseSettings;
  /** Overrides `settings.poolMax`: for a service that needs only a few connections. */
  poolSize?: number;
  /** Every transaction of every connection is read-only (a reader of another service's database). */
  readOnly?: boolean;
  /** How the service's sessions are named in `pg_stat_activity`. */
  applicationName?: string;
}

/**
 * A TypeORM data source on PostgreSQL. Schema changes come only from migrations, never `synchronize`.
 *
 * Its pool is bounded and every connection carries the statement, lock and idle-in-transaction
 * timeouts. When PostgreSQL goes away the pool drops the dead connections (an idle one that breaks
 * is reported here, never left to crash the process) and makes new ones on demand, so the service
 * recovers by itself once the database is back.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  const settings = { ...(options.settings ?? DEFAULT_DATABASE_SETTINGS), ...(options.poolSize ? { poolMax: options.poolSize } : {}) };
  const lostConnections = throttled(5_000, (suppressed, message: string) =>
    options.logger?.warn(`lost an idle database connection (${message})${suppressed ? `, and ${suppressed} more` : ''}; new ones are made on demand`),
  );
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'trellis_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['query', 'error', 'warn', 'migration'],
    logger: new StatementCounter(options.logger),
    maxQueryExecutionTime: 1000,
    extra: { ...poolOptions(settings, options.applicationName ?? 'trellis'), ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}) },
    poolErrorHandler: (error: unknown) => lostConnections(describeDatabaseFailure(error)),
  });
  usePreparedStatements(dataSource, settings.preparedStatements);
  return dataSource;
}

export function statementCount(dataSource: DataSource): number {
  const logger = dataSource.logger;
  return logger instanceof StatementCounter ? logger.count : 0;
}
