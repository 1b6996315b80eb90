import type { DataSource } from 'typeorm';

/**
 * Runs the pending migrations of a database, one process at a time: replicas that start together
 * (a Deployment's rollout, N gateways on one registry) wait for the first to finish, then find
 * nothing left to run, instead of racing to create the same tables. TypeORM takes no lock itself.
 *
 * The lock is a transaction-level advisory lock in a transaction of its own, open while the
 * migrations run on other connections: it ends with that transaction whatever happens, and holds
 * behind PgBouncer in transaction mode too (an open transaction keeps its server connection).
 */
export async function runMigrationsOneAtATime(dataSource: DataSource): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.startTransaction();
    try {
      await lock.query("SELECT pg_advisory_xact_lock(hashtext('trellis.migrations'))");
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (error) {
      await lock.rollbackTransaction().catch(() => {});
      throw error;
    }
    await lock.commitTransaction();
  } finally {
    await lock.release();
  }
}
