import type { ChangeView, CheckReport, SubgraphSummary, SubgraphVersionView, SupergraphSummary } from './api';
import type { RegistryChangeEntity, StoredCheckReport, SubgraphVersionEntity, SupergraphEntity } from './registry.entities';

/** Stored rows as the API shows them (`api.ts`). */

export function checkReportOf(stored: StoredCheckReport): CheckReport {
  return { ok: stored.ok, composition: stored.composition ?? [], breaking: stored.breaking ?? [], governance: stored.governance ?? [] };
}

export function subgraphSummary(row: SubgraphVersionEntity): SubgraphSummary {
  return { name: row.name, version: row.version, routingUrl: row.routingUrl, publishedBy: row.publishedBy, publishedAt: row.publishedAt.toISOString(), reason: row.reason };
}

export function subgraphVersionView(row: SubgraphVersionEntity): SubgraphVersionView {
  return {
    ...subgraphSummary(row),
    sdlHash: row.sdlHash,
    removed: row.removed,
    acceptedBreaking: row.acceptedBreaking,
    acceptedGovernance: row.acceptedGovernance,
    approvedBy: row.approvedBy,
    checks: checkReportOf(row.checks),
  };
}

export function supergraphSummary(row: SupergraphEntity): SupergraphSummary {
  return {
    version: row.version,
    hash: row.hash,
    subgraphs: row.subgraphs,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    reason: row.reason,
    rolledBackTo: row.rolledBackTo,
  };
}

export function changeView(row: RegistryChangeEntity): ChangeView {
  return {
    id: row.id,
    kind: row.kind,
    subgraph: row.name,
    routingUrl: row.routingUrl,
    restores: row.restores,
    reason: row.reason,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt.toISOString(),
    status: row.status,
    governance: row.governance,
    acceptedBreaking: row.acceptedBreaking,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    supergraphVersion: row.supergraphVersion,
  };
}
