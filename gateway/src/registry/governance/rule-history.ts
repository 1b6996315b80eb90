import type { EntityManager } from 'typeorm';
import { GovernanceRules } from '../../../../shared/src/governance/rules';
import { coordinateRules, type CoordinateRules } from './rule-weakenings';

/**
 * The governance rules of stored supergraphs, parsed once per supergraph (by hash): every check
 * compares against the live one, and a coordinate that comes back against the newest one that
 * served it. Supergraphs never change once stored, so entries never go stale; the oldest are
 * dropped beyond `capacity`.
 */
export class SupergraphRulesCache {
  private readonly entries = new Map<string, { rules: GovernanceRules; coordinates: Map<string, CoordinateRules> }>();

  constructor(private readonly capacity = 256) {}

  of(hash: string, sdl: () => Promise<string> | string): Promise<{ rules: GovernanceRules; coordinates: Map<string, CoordinateRules> }> {
    const hit = this.entries.get(hash);
    if (hit) return Promise.resolve(hit);
    return Promise.resolve(sdl()).then((text) => {
      const rules = GovernanceRules.fromSdl(text);
      const entry = { rules, coordinates: coordinateRules(rules) };
      this.entries.set(hash, entry);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
      return entry;
    });
  }
}

/**
 * For each coordinate asked, the rules it had in the newest stored supergraph that served it
 * (none: it never was served). Walks the history newest first and stops once all are found.
 */
export async function lastKnownRules(
  manager: EntityManager,
  cache: SupergraphRulesCache,
  coordinates: Iterable<string>,
): Promise<Map<string, CoordinateRules & { supergraphVersion: number }>> {
  const wanted = new Set(coordinates);
  const found = new Map<string, CoordinateRules & { supergraphVersion: number }>();
  if (wanted.size === 0) return found;
  const versions: { version: number; hash: string }[] = await manager.query('SELECT version, hash FROM supergraph ORDER BY version DESC');
  for (const { version, hash } of versions) {
    const { coordinates: served } = await cache.of(hash, async () => {
      const [row] = await manager.query('SELECT sdl FROM supergraph WHERE version = $1', [version]);
      return row.sdl as string;
    });
    for (const coordinate of wanted) {
      const rules = served.get(coordinate);
      if (!rules) continue;
      found.set(coordinate, { ...rules, supergraphVersion: version });
      wanted.delete(coordinate);
    }
    if (wanted.size === 0) break;
  }
  return found;
}
