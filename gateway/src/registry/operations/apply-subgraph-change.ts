import { randomUUID } from 'node:crypto';
import type { AuditedTransaction } from '../../../../shared/src/ledger/ledger';
import type { CheckReport, GovernanceChange, SubgraphRef, SupergraphRef } from '../api';
import { RegistryActions } from '../registry-actions';
import { SubgraphVersionEntity } from '../registry.entities';
import type { SubgraphState } from './evaluate';
import { nextSubgraphVersion, sha256, storeSupergraph } from './store';

export interface SubgraphChangeToApply {
  name: string;
  /** The new routing URL and schema; both null to remove the subgraph. */
  url: string | null;
  sdl: string | null;
  /** The composed supergraph with the change in place, as checked. */
  supergraphSdl: string;
  reason: string;
  checks: CheckReport;
  /** Who proposed it, and — when it had governance changes — who approved them. */
  publishedBy: string;
  approvedBy?: string;
  changeId?: string;
}

/**
 * Makes a checked change to one subgraph live: a new subgraph version (a removal is a version of
 * its own), a new supergraph from it, and the ledger entry saying who, why, and what was accepted.
 */
export async function applySubgraphChange(
  { manager, record }: AuditedTransaction,
  state: SubgraphState,
  change: SubgraphChangeToApply,
): Promise<{ subgraph: SubgraphRef; supergraph: SupergraphRef }> {
  const { existing } = state;
  const removing = change.sdl === null;
  const breaking = change.checks.breaking.length > 0 ? change.checks.breaking : null;
  const governance: GovernanceChange[] | null = change.checks.governance.length > 0 ? change.checks.governance : null;
  const sdl = change.sdl ?? existing!.sdl;
  const row = Object.assign(new SubgraphVersionEntity(), {
    id: randomUUID(),
    name: change.name,
    version: await nextSubgraphVersion(manager, change.name),
    routingUrl: change.url ?? existing!.routingUrl,
    sdl,
    sdlHash: sha256(sdl),
    publishedBy: change.publishedBy,
    publishedAt: new Date(),
    reason: change.reason,
    acceptedBreaking: breaking,
    acceptedGovernance: governance,
    approvedBy: change.approvedBy ?? null,
    checks: { ...change.checks, ok: true },
    removed: removing,
  });
  await manager.insert(SubgraphVersionEntity, row);
  const members = Object.fromEntries(state.active.filter((s) => s.name !== change.name).map((s) => [s.name, s.id]));
  if (!removing) members[change.name] = row.id;
  const supergraph = await storeSupergraph(manager, { sdl: change.supergraphSdl, subgraphs: members, createdBy: change.publishedBy, reason: change.reason, rolledBackTo: null });
  const evidence = {
    ...(breaking ? { acceptedBreakingChanges: breaking } : {}),
    ...(governance ? { acceptedGovernanceChanges: governance, approvedChange: change.changeId, proposedBy: change.publishedBy } : {}),
  };
  record({
    action: removing ? RegistryActions.remove : RegistryActions.publish,
    subject: { type: 'Subgraph', id: change.name },
    before: existing ? { version: existing.version, routingUrl: existing.routingUrl, sdlHash: existing.sdlHash } : null,
    after: removing
      ? { removed: true, version: row.version, supergraphVersion: supergraph.version }
      : { version: row.version, routingUrl: row.routingUrl, sdlHash: row.sdlHash, supergraphVersion: supergraph.version },
    reason: change.reason,
    evidence: Object.keys(evidence).length ? evidence : null,
  });
  return { subgraph: { name: change.name, version: row.version }, supergraph: { version: supergraph.version, hash: supergraph.hash } };
}
