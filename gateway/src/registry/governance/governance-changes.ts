import { parse, type DocumentNode } from 'graphql';
import { GovernanceRules } from '../../../../shared/src/governance/rules';
import type { GovernanceChange } from '../api';
import { addedOverrides, subgraphOverrides, supergraphOverrides, type Override } from './overrides';
import { weakeningsBetween, weakeningsOfReturning, type CoordinateRules, type Weakening } from './rule-weakenings';

/**
 * What counts as a governance change — a change that needs a second person to approve it:
 *
 * 1. an existing subgraph (one the registry has any version of, even a removed one) would be
 *    called at another routing URL: its signed requests would go elsewhere;
 * 2. a subgraph adds an `@override(from:)` of a field another subgraph resolves — in its own schema
 *    under whatever name it imports the directive, and as the composed supergraph records it;
 * 3. a type or field asks less of callers, or loses a data rule (`weakenings()`), judged
 *    - in the subgraph's own schema, its previous version against the new one, for the
 *      coordinates it keeps (the subgraph enforces its own schema's rules), and
 *    - in the supergraph, live against proposed, for every coordinate that stays (the gateway
 *      enforces the composed rules: a coordinate moving between subgraphs, or a removal that
 *      leaves a weaker copy behind, shows here), and for a coordinate that comes back, against the
 *      rules it had when last served.
 */

export interface SubgraphTransition {
  name: string;
  /** The newest version the registry has of this name, removed or not. */
  previous?: { url: string; sdl: string };
  /** The new version; null when the subgraph is removed. */
  next: { url: string; sdl: string } | null;
}

const parsed = (sdl: string): DocumentNode | undefined => {
  try {
    return parse(sdl);
  } catch {
    return undefined; // composition reports it
  }
};

const weakened = ({ coordinate, change }: Weakening): GovernanceChange => ({
  type: 'GOVERNANCE_WEAKENED',
  coordinate,
  description: `${coordinate}: ${change}`,
});

const overridden = (o: Override): GovernanceChange => ({
  type: 'FIELD_OVERRIDDEN',
  coordinate: o.coordinate,
  description: `${o.coordinate} is taken over from ${o.from} by ${o.by} (@override${o.label ? `, label "${o.label}"` : ''})`,
});

/** Routing URL, new overrides and own-schema weakenings of one subgraph's new version. */
export function subgraphGovernanceChanges({ name, previous, next }: SubgraphTransition): GovernanceChange[] {
  if (!next) return [];
  const changes: GovernanceChange[] = [];
  if (previous && previous.url !== next.url) {
    changes.push({ type: 'ROUTING_URL_CHANGED', coordinate: name, description: `routing URL of ${name}: ${previous.url} → ${next.url}` });
  }
  const after = parsed(next.sdl);
  if (!after) return changes;
  const before = previous ? parsed(previous.sdl) : undefined;
  changes.push(...addedOverrides(before ? subgraphOverrides(name, before) : [], subgraphOverrides(name, after)).map(overridden));
  if (before) changes.push(...weakeningsBetween(GovernanceRules.fromSdl(before), GovernanceRules.fromSdl(after)).map(weakened));
  return changes;
}

export interface SupergraphTransition {
  live: { sdl: string; rules: GovernanceRules } | null;
  proposed: { sdl: string; rules: GovernanceRules };
  /** For coordinates the proposed supergraph serves and the live one does not: the rules they had when last served. */
  lastKnown: ReadonlyMap<string, CoordinateRules & { supergraphVersion: number }>;
}

/** Overrides and weakenings as the gateway would enforce them: the composed rules. */
export function supergraphGovernanceChanges({ live, proposed, lastKnown }: SupergraphTransition): GovernanceChange[] {
  if (!live) return [];
  return [
    ...addedOverrides(supergraphOverrides(live.sdl), supergraphOverrides(proposed.sdl)).map(overridden),
    ...weakeningsBetween(live.rules, proposed.rules).map(weakened),
    ...weakeningsOfReturning(lastKnown, proposed.rules).map(weakened),
  ];
}

export const governanceChangeKey = (c: GovernanceChange): string => `${c.type}|${c.coordinate}|${c.description}`;

/** Each change once, in the order first found. */
export function distinctChanges(changes: readonly GovernanceChange[]): GovernanceChange[] {
  const seen = new Map<string, GovernanceChange>();
  for (const change of changes) if (!seen.has(governanceChangeKey(change))) seen.set(governanceChangeKey(change), change);
  return [...seen.values()];
}

/** The changes in `found` that `accepted` does not list (by type, coordinate and description). */
export function notAccepted<T extends { type: string; coordinate: string; description: string }>(found: readonly T[], accepted: readonly T[]): T[] {
  const key = (c: T) => `${c.type}|${c.coordinate}|${c.description}`;
  const known = new Set(accepted.map(key));
  return found.filter((c) => !known.has(key(c)));
}
