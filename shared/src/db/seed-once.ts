import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../logger';

/**
 * Runs `seed` once per database: the marker row and the seeded data commit together, and an
 * advisory lock makes two processes starting at once wait for each other instead of both seeding.
 */
export async function seedOnce(
  dataSource: DataSource,
  name: string,
  logger: Logger,
  seed: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    await manager.query('CREATE TABLE IF NOT EXISTS trellis_seed (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    await manager.query("SELECT pg_advisory_xact_lock(hashtext('trellis_seed'))");
    const done = await manager.query('SELECT 1 FROM trellis_seed WHERE name = $1', [name]);
    if (done.length > 0) return false;
    const started = Date.now();
    await seed(manager);
    await manager.query('INSERT INTO trellis_seed (name) VALUES ($1)', [name]);
    logger.info(`seeded ${name} in ${Date.now() - started} ms`);
    return true;
  });
}
