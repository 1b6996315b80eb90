import { audited, AuditTrail } from '../../../../shared/src/ledger/ledger';
import type { Refusal, RollbackResponse } from '../api';
import type { RegistryCaller, RegistryContext } from '../registry-context';
import { applyRollback } from './apply-rollback';
import { evaluateRollback } from './evaluate';
import { proposeChange } from './propose-change';
import { refusalFor, refuse, urlNotAllowed } from './refusals';
import { underRegistryLock } from './registry-lock';
import { supergraphVersion } from './queries';

export interface RollbackInput {
  version: number;
  reason: string;
  acceptGovernance?: boolean;
}

/**
 * Serves an earlier supergraph again, as a new version. Going back can move routing URLs or bring
 * back weaker rules; those are governance changes like any other, and a URL no longer in the
 * allowlist is refused.
 */
export async function rollback(context: RegistryContext, caller: RegistryCaller, input: RollbackInput): Promise<RollbackResponse | Refusal> {
  const trail = { audit: AuditTrail.of(caller.principal, caller.requestId) };
  return underRegistryLock(context.dataSource, async (manager): Promise<RollbackResponse | Refusal> => {
    const target = await supergraphVersion(manager, input.version);
    if (!target) return refuse('NOT_FOUND', `there is no supergraph version ${input.version}`, { field: 'version' });
    const { report, members, live } = await evaluateRollback(context, manager, target);
    for (const member of members) {
      const refused = urlNotAllowed(context.allowlist, member.routingUrl, `routing URL of ${member.name}`);
      if (refused) return refused;
    }
    const refusal = refusalFor(report, { governance: input.acceptGovernance });
    if (refusal) return refusal;
    if (report.governance.length > 0) {
      const change = await audited(manager, trail, (tx) =>
        proposeChange(tx, caller, {
          kind: 'rollback',
          name: null,
          routingUrl: null,
          sdl: null,
          restores: target.version,
          baseVersion: live!.version,
          reason: input.reason,
          governance: report.governance,
          acceptedBreaking: [],
        }),
      );
      return { outcome: 'pending', change };
    }
    const supergraph = await audited(manager, trail, (tx) =>
      applyRollback(tx, { target, live: live!, members, reason: input.reason, by: caller.principal.sub, governance: [] }),
    );
    return { outcome: 'rolled-back', restores: target.version, supergraph };
  });
}
