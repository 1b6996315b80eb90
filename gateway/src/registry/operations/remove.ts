import { audited, AuditTrail } from '../../../../shared/src/ledger/ledger';
import type { Refusal, RemoveResponse } from '../api';
import type { RegistryCaller, RegistryContext } from '../registry-context';
import { applySubgraphChange } from './apply-subgraph-change';
import { evaluateSubgraphChange, subgraphState } from './evaluate';
import { proposeChange } from './propose-change';
import { invalidName, refusalFor, refuse } from './refusals';
import { underRegistryLock } from './registry-lock';

export interface RemoveInput {
  name: string;
  reason: string;
  acceptBreaking?: boolean;
  acceptGovernance?: boolean;
  usageDays?: number;
  strict?: boolean;
}

/**
 * Takes a subgraph out of the supergraph. Its fields disappear, so that is usually breaking; it is
 * a governance change only if what stays is weaker (a field another subgraph also serves, with
 * fewer rules), and then it waits for approval like a publish.
 */
export async function remove(context: RegistryContext, caller: RegistryCaller, input: RemoveInput): Promise<RemoveResponse | Refusal> {
  const refused = invalidName(input.name);
  if (refused) return refused;
  const trail = { audit: AuditTrail.of(caller.principal, caller.requestId) };
  return underRegistryLock(context.dataSource, async (manager): Promise<RemoveResponse | Refusal> => {
    const state = await subgraphState(manager, input.name);
    if (!state.existing) return refuse('NOT_FOUND', `there is no subgraph "${input.name}" in the supergraph`, { field: 'name' });
    const { report, supergraph } = await evaluateSubgraphChange(context, manager, state, { name: input.name, sdl: null, usageDays: input.usageDays, strict: input.strict });
    const refusal = refusalFor(report, { breaking: input.acceptBreaking, governance: input.acceptGovernance });
    if (refusal) return refusal;
    if (report.governance.length > 0) {
      const change = await audited(manager, trail, (tx) =>
        proposeChange(tx, caller, {
          kind: 'remove',
          name: input.name,
          routingUrl: null,
          sdl: null,
          restores: null,
          baseVersion: state.previous!.version,
          reason: input.reason,
          governance: report.governance,
          acceptedBreaking: report.breaking,
        }),
      );
      return { outcome: 'pending', change };
    }
    const applied = await audited(manager, trail, (tx) =>
      applySubgraphChange(tx, state, { name: input.name, url: null, sdl: null, supergraphSdl: supergraph!.sdl, reason: input.reason, checks: report, publishedBy: caller.principal.sub }),
    );
    return { outcome: 'removed', ...applied, checks: { ...report, ok: true } };
  });
}
