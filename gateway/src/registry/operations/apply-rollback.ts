import { randomUUID } from 'node:crypto';
import type { AuditedTransaction } from '../../../../shared/src/ledger/ledger';
import type { GovernanceChange, SupergraphRef } from '../api';
import { RegistryActions } from '../registry-actions';
import { SubgraphVersionEntity, type SupergraphEntity } from '../registry.entities';
import { activeSubgraphs } from './queries';
import { nextSubgraphVersion, storeSupergraph } from './store';

export interface RollbackToApply {
  target: SupergraphEntity;
  live: SupergraphEntity;
  /** The subgraph versions the target was composed from. */
  members: SubgraphVersionEntity[];
  reason: string;
  by: string;
  approvedBy?: string;
  governance: GovernanceChange[];
  changeId?: string;
}

/**
 * Serves an earlier supergraph again, as a new version, and puts every subgraph back to the
 * version it was composed from (a subgraph it did not have is recorded as removed).
 */
export async function applyRollback({ manager, record }: AuditedTransaction, rollback: RollbackToApply): Promise<SupergraphRef> {
  const { target, live, members } = rollback;
  const restored = await storeSupergraph(manager, { sdl: target.sdl, subgraphs: target.subgraphs, createdBy: rollback.by, reason: rollback.reason, rolledBackTo: target.version });
  const reason = `Rollback to supergraph ${target.version}: ${rollback.reason}`;
  const again = async (from: SubgraphVersionEntity, removed: boolean) =>
    manager.insert(SubgraphVersionEntity, {
      ...from,
      id: randomUUID(),
      version: await nextSubgraphVersion(manager, from.name),
      publishedBy: rollback.by,
      publishedAt: new Date(),
      reason,
      approvedBy: rollback.approvedBy ?? null,
      acceptedGovernance: null,
      removed,
    });
  const active = await activeSubgraphs(manager);
  for (const current of active) {
    const wanted = members.find((m) => m.name === current.name);
    if (wanted?.id !== current.id) await again(wanted ?? current, !wanted);
  }
  for (const wanted of members.filter((m) => !active.some((a) => a.name === m.name))) await again(wanted, false);
  record({
    action: RegistryActions.rollback,
    subject: { type: 'Supergraph', id: String(restored.version) },
    before: { version: live.version, hash: live.hash },
    after: { version: restored.version, hash: restored.hash, restores: target.version },
    reason: rollback.reason,
    evidence: rollback.governance.length ? { acceptedGovernanceChanges: rollback.governance, approvedChange: rollback.changeId, proposedBy: rollback.by } : null,
  });
  return { version: restored.version, hash: restored.hash };
}
