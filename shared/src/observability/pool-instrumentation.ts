import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { traceSqlStatements } from './tracing';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  on(event: 'connect', listener: (client: never) => void): void;
  _clients?: unknown[];
}

/** The pg pool behind a TypeORM data source on PostgreSQL. */
function poolOf(dataSource: DataSource): PgPool | undefined {
  return (dataSource.driver as unknown as { master?: PgPool }).master;
}

/**
 * Traces every SQL statement of a data source's pool (clients made from now on, and those it
 * already holds), and reports the pool's use — connections idle, used, and requests waiting — in
 * the service's metrics (OpenTelemetry's `db.client.connection.*`, as Prometheus names them).
 */
export function instrumentPool(dataSource: DataSource, service: string, registry?: Registry): void {
  const pool = poolOf(dataSource);
  if (!pool) return;
  const database = (dataSource.options as { url?: string }).url ? new URL((dataSource.options as { url: string }).url).pathname.slice(1) : 'postgres';
  for (const client of pool._clients ?? []) traceSqlStatements(client as never, service, database);
  pool.on('connect', (client) => traceSqlStatements(client, service, database));
  if (!registry) return;
  new Gauge({
    name: 'db_client_connection_count',
    help: 'Connections of the database pool, by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'used' }, pool.totalCount - pool.idleCount);
    },
  });
  new Gauge({
    name: 'db_client_connection_pending_requests',
    help: 'Requests waiting for a connection of the database pool.',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
}
