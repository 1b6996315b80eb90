import type { EntityManager } from 'typeorm';
import type { ChangeStatus } from '../api';
import { RegistryChangeEntity, SubgraphVersionEntity, SupergraphEntity } from '../registry.entities';

/**
 * The registry's reads. Operations pass the manager of their transaction; the routes and the
 * supergraph poller the data source's.
 */

/** The supergraph in service: the newest version. */
export function currentSupergraph(manager: EntityManager): Promise<SupergraphEntity | null> {
  return manager.findOne(SupergraphEntity, { where: {}, order: { version: 'DESC' } });
}

/** Just the version and hash of the supergraph in service — what gateways poll (one indexed row). */
export async function head(manager: EntityManager): Promise<{ version: number; hash: string } | null> {
  const [row] = await manager.query('SELECT version, hash FROM supergraph ORDER BY version DESC LIMIT 1');
  return row ?? null;
}

export function supergraphVersion(manager: EntityManager, version: number): Promise<SupergraphEntity | null> {
  return manager.findOneBy(SupergraphEntity, { version });
}

/** The composed supergraphs, newest first. */
export function supergraphs(manager: EntityManager, limit = 50): Promise<SupergraphEntity[]> {
  return manager.find(SupergraphEntity, { order: { version: 'DESC' }, take: limit });
}

/** The newest version of each subgraph, unless that version removed it. */
export async function activeSubgraphs(manager: EntityManager): Promise<SubgraphVersionEntity[]> {
  const rows = await manager
    .getRepository(SubgraphVersionEntity)
    .createQueryBuilder('s')
    .distinctOn(['s.name'])
    .orderBy('s.name')
    .addOrderBy('s.version', 'DESC')
    .getMany();
  return rows.filter((r) => !r.removed);
}

/** The newest version of one subgraph, even one that removed it (it keeps the last URL and schema). */
export function latestVersionOf(manager: EntityManager, name: string): Promise<SubgraphVersionEntity | null> {
  return manager.findOne(SubgraphVersionEntity, { where: { name }, order: { version: 'DESC' } });
}

/** A subgraph's versions, newest first. */
export function subgraphHistory(manager: EntityManager, name: string): Promise<SubgraphVersionEntity[]> {
  return manager.find(SubgraphVersionEntity, { where: { name }, order: { version: 'DESC' } });
}

/** Changes proposed for approval, newest first; all of them when no status is given. */
export function registryChanges(manager: EntityManager, status?: ChangeStatus, limit = 100): Promise<RegistryChangeEntity[]> {
  return manager.find(RegistryChangeEntity, { where: status ? { status } : {}, order: { proposedAt: 'DESC' }, take: limit });
}

export function registryChange(manager: EntityManager, id: string): Promise<RegistryChangeEntity | null> {
  return manager.findOneBy(RegistryChangeEntity, { id });
}
