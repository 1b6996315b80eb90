import type { DataSource, EntityManager } from 'typeorm';

/** Every change to the registry takes this lock first, so changes apply one after another against what is live. */
const REGISTRY_LOCK = "SELECT pg_advisory_xact_lock(hashtext('trellis.registry'))";

/**
 * Runs `work` in one transaction holding the registry lock: it reads what is live, decides, and —
 * if it decided to change anything — writes through `audited(manager, …)` in the same transaction.
 * A refusal is returned as a value and leaves nothing behind.
 */
export function underRegistryLock<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(REGISTRY_LOCK);
    return work(manager);
  });
}

/** A consistent snapshot for reads that change nothing (a check): no lock, nobody waits. */
export function inSnapshot<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction('REPEATABLE READ', work);
}
