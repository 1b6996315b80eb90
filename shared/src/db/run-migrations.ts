import type { DataSource } from 'typeorm';

const KEY = "hashtext('trellis.migrations')";

/**
 * Runs the pending migrations of a database, one process at a time: replicas that start together
 * (a Deployment's rollout, N gateways on one registry) wait for the first to finish, then find
 * nothing left to run, instead of racing to create the same tables. TypeORM takes no lock itself.
 *
 * The lock is a session-level advisory lock, held on a connection of its own: it needs a direct
 * connection or a session-mode pooler (PgBouncer in transaction mode would not keep it).
 */
export async function runMigrationsOneAtATime(dataSource: DataSource): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(${KEY})`);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(${KEY})`);
    }
  } finally {
    await lock.release();
  }
}
