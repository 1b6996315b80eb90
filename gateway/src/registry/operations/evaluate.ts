import { In, type EntityManager } from 'typeorm';
import { composeSupergraph, type SubgraphSource } from '../../supergraph/compose';
import type { CheckReport, GovernanceChange } from '../api';
import { apiSchemaOf, breakingChangesBetween } from '../breaking-changes';
import { judgeByUsage } from '../usage-impact';
import { distinctChanges, subgraphGovernanceChanges, supergraphGovernanceChanges } from '../governance/governance-changes';
import { lastKnownRules } from '../governance/rule-history';
import type { RegistryContext } from '../registry-context';
import { SubgraphVersionEntity, type SupergraphEntity } from '../registry.entities';
import { activeSubgraphs, currentSupergraph, latestVersionOf } from './queries';

/** What is live, as far as one subgraph's change is concerned. */
export interface SubgraphState {
  active: SubgraphVersionEntity[];
  /** Its version in service, if it is in service. */
  existing?: SubgraphVersionEntity;
  /** Its newest version, even one that removed it. */
  previous?: SubgraphVersionEntity;
  live: SupergraphEntity | null;
}

export async function subgraphState(manager: EntityManager, name: string): Promise<SubgraphState> {
  const active = await activeSubgraphs(manager);
  return {
    active,
    existing: active.find((s) => s.name === name),
    previous: (await latestVersionOf(manager, name)) ?? undefined,
    live: await currentSupergraph(manager),
  };
}

/** Overrides and weakenings the gateway would enforce: the live supergraph's rules against the proposed one's. */
async function supergraphChanges(context: RegistryContext, manager: EntityManager, live: SupergraphEntity | null, proposed: { sdl: string; hash: string }) {
  if (!live) return [];
  const liveRules = await context.rules.of(live.hash, () => live.sdl);
  const proposedRules = await context.rules.of(proposed.hash, () => proposed.sdl);
  const returning = [...proposedRules.coordinates.keys()].filter((c) => !liveRules.coordinates.has(c));
  return supergraphGovernanceChanges({
    live: { sdl: live.sdl, rules: liveRules.rules },
    proposed: { sdl: proposed.sdl, rules: proposedRules.rules },
    lastKnown: await lastKnownRules(manager, context.rules, returning),
  });
}

const reportOf = (composition: string[], breaking: CheckReport['breaking'], governance: GovernanceChange[], usage?: Pick<CheckReport, 'usageWindowDays' | 'strict' | 'brokenOperations'>): CheckReport => ({
  ok: composition.length === 0 && !breaking.some((b) => b.blocking !== false) && governance.length === 0 && !usage?.brokenOperations?.length,
  composition,
  breaking,
  governance,
  ...usage,
});

/** How usage-aware checks judge breaking changes: over how many days of usage, and whether unused ones block too. */
export interface UsageOptions {
  usageDays?: number;
  strict?: boolean;
}

/**
 * What a change to one subgraph would do: the governance lint and composition of every subgraph
 * with this one replaced, added (`sdl`) or removed (`sdl: null`); the breaking changes against the
 * live supergraph; and the governance changes (see `governance-changes.ts`).
 */
export async function evaluateSubgraphChange(
  context: RegistryContext,
  manager: EntityManager,
  state: SubgraphState,
  change: { name: string; url?: string; sdl: string | null } & UsageOptions,
): Promise<{ report: CheckReport; supergraph?: { sdl: string; hash: string } }> {
  const { active, existing, previous, live } = state;
  const url = change.url ?? existing?.routingUrl ?? previous?.routingUrl ?? 'http://unknown/graphql';
  const next = change.sdl === null ? null : { url, sdl: change.sdl };
  const own = subgraphGovernanceChanges({ name: change.name, previous: previous && { url: previous.routingUrl, sdl: previous.sdl }, next });

  const sources: SubgraphSource[] = active.filter((s) => s.name !== change.name).map((s) => ({ name: s.name, url: s.routingUrl, sdl: s.sdl }));
  if (next) sources.push({ name: change.name, ...next });
  if (sources.length === 0) return { report: reportOf(['No subgraph would be left in the supergraph.'], [], own) };
  const composed = composeSupergraph(sources);
  if (!composed.ok) return { report: reportOf(composed.errors, [], own) };

  const proposed = { sdl: composed.supergraphSdl, hash: composed.hash };
  const governance = distinctChanges([...own, ...(await supergraphChanges(context, manager, live, proposed))]);
  if (!live) return { report: reportOf([], [], governance), supergraph: proposed };
  const schemas = { live: apiSchemaOf(live.sdl), proposed: apiSchemaOf(proposed.sdl) };
  const days = change.usageDays ?? context.usageCheckDays ?? 30;
  const strict = !!change.strict;
  const judged = await judgeByUsage(manager, schemas, breakingChangesBetween(schemas.live, schemas.proposed), { days, strict });
  return { report: reportOf([], judged.breaking, governance, { usageWindowDays: days, strict, brokenOperations: judged.brokenOperations }), supergraph: proposed };
}

/**
 * What serving an earlier supergraph again would do to governance: every subgraph goes back to the
 * version it was composed from (URLs, overrides, own rules), and the composed rules go back to
 * that supergraph's. Breaking changes are not judged: a rollback restores what clients had.
 */
export async function evaluateRollback(
  context: RegistryContext,
  manager: EntityManager,
  target: SupergraphEntity,
): Promise<{ report: CheckReport; members: SubgraphVersionEntity[]; live: SupergraphEntity | null }> {
  const members = await manager.findBy(SubgraphVersionEntity, { id: In(Object.values(target.subgraphs)) });
  const own: GovernanceChange[] = [];
  for (const member of members) {
    const previous = (await latestVersionOf(manager, member.name)) ?? undefined;
    if (previous?.id === member.id) continue;
    own.push(
      ...subgraphGovernanceChanges({
        name: member.name,
        previous: previous && { url: previous.routingUrl, sdl: previous.sdl },
        next: { url: member.routingUrl, sdl: member.sdl },
      }),
    );
  }
  const live = await currentSupergraph(manager);
  const governance = distinctChanges([...own, ...(await supergraphChanges(context, manager, live, target))]);
  return { report: reportOf([], [], governance), members, live };
}
