import { randomUUID } from 'node:crypto';
import type { AuditedTransaction } from '../../../../shared/src/ledger/ledger';
import type { BreakingChange, ChangeKind, ChangeView, GovernanceChange } from '../api';
import type { RegistryCaller } from '../registry-context';
import { RegistryActions } from '../registry-actions';
import { RegistryChangeEntity } from '../registry.entities';
import { changeView } from '../views';
import { sha256 } from './store';

export interface Proposal {
  kind: ChangeKind;
  name: string | null;
  routingUrl: string | null;
  sdl: string | null;
  restores: number | null;
  baseVersion: number;
  reason: string;
  governance: GovernanceChange[];
  acceptedBreaking: BreakingChange[];
}

/**
 * Stores a change with governance changes for approval — nothing goes live — and records the
 * proposal, its reason and every governance change in the ledger.
 */
export async function proposeChange({ manager, record }: AuditedTransaction, caller: RegistryCaller, proposal: Proposal): Promise<ChangeView> {
  const row = Object.assign(new RegistryChangeEntity(), {
    ...proposal,
    id: randomUUID(),
    proposedBy: caller.principal.sub,
    proposedOnBehalfOf: caller.principal.onBehalfOf ?? null,
    proposedAt: new Date(),
    status: 'PENDING' as const,
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    supergraphVersion: null,
  });
  await manager.insert(RegistryChangeEntity, row);
  record({
    action: RegistryActions.propose,
    subject: { type: 'RegistryChange', id: row.id },
    after: {
      status: row.status,
      kind: row.kind,
      subgraph: row.name,
      routingUrl: row.routingUrl,
      sdlHash: row.sdl === null ? null : sha256(row.sdl),
      restores: row.restores,
    },
    reason: row.reason,
    evidence: { governanceChanges: row.governance, ...(row.acceptedBreaking.length ? { acceptedBreakingChanges: row.acceptedBreaking } : {}) },
  });
  return changeView(row);
}
