import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SupergraphEntity } from '../registry.entities';

/** Writes shared by the operations that make something live. */

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The next version number of a subgraph name (1 for a name never seen). */
export async function nextSubgraphVersion(manager: EntityManager, name: string): Promise<number> {
  const [{ max }] = await manager.query('SELECT coalesce(max(version), 0)::int AS max FROM subgraph_version WHERE name = $1', [name]);
  return max + 1;
}

/** Stores a supergraph as the newest version: every gateway on the registry starts serving it at its next poll. */
export async function storeSupergraph(
  manager: EntityManager,
  supergraph: { sdl: string; subgraphs: Record<string, string>; createdBy: string; reason: string; rolledBackTo: number | null },
): Promise<SupergraphEntity> {
  const [{ max }] = await manager.query('SELECT coalesce(max(version), 0)::int AS max FROM supergraph');
  const row = Object.assign(new SupergraphEntity(), { ...supergraph, version: max + 1, hash: sha256(supergraph.sdl), createdAt: new Date() });
  await manager.insert(SupergraphEntity, row);
  return row;
}
