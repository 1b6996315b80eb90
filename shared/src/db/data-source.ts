import { DataSource, type EntitySchema, type Logger as OrmLogger, type MixedList } from 'typeorm';
import type { Logger } from '../logger';

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
  poolSize?: number;
  /** Every transaction of every connection is read-only (a reader of another service's database). */
  readOnly?: boolean;
}

/** A TypeORM data source on PostgreSQL. Schema changes come only from migrations, never `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
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
    extra: { max: options.poolSize ?? 20, ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}) },
  });
}

export function statementCount(dataSource: DataSource): number {
  const logger = dataSource.logger;
  return logger instanceof StatementCounter ? logger.count : 0;
}
