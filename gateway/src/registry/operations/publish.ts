import { audited, AuditTrail } from '../../../../shared/src/ledger/ledger';
import type { PublishResponse, Refusal } from '../api';
import type { RegistryCaller, RegistryContext } from '../registry-context';
import { applySubgraphChange } from './apply-subgraph-change';
import { evaluateSubgraphChange, subgraphState } from './evaluate';
import { proposeChange } from './propose-change';
import { invalidName, refusalFor, urlNotAllowed } from './refusals';
import { underRegistryLock } from './registry-lock';
import { sha256 } from './store';

export interface PublishInput {
  name: string;
  url: string;
  sdl: string;
  reason: string;
  acceptBreaking?: boolean;
  acceptGovernance?: boolean;
  usageDays?: number;
  strict?: boolean;
}

/**
 * Publishes a subgraph's schema and routing URL. Refused when it fails the checks, breaks clients
 * without `acceptBreaking`, or changes governance without `acceptGovernance`; with governance
 * changes accepted it is stored as a pending change for someone else to approve, and is not live.
 * A URL outside the allowlist is refused whatever is accepted.
 */
export async function publish(context: RegistryContext, caller: RegistryCaller, input: PublishInput): Promise<PublishResponse | Refusal> {
  const refused = invalidName(input.name) ?? urlNotAllowed(context.allowlist, input.url, 'url');
  if (refused) return refused;
  const trail = { audit: AuditTrail.of(caller.principal, caller.requestId) };
  return underRegistryLock(context.dataSource, async (manager): Promise<PublishResponse | Refusal> => {
    const state = await subgraphState(manager, input.name);
    const { existing, live } = state;
    if (existing && live && existing.sdlHash === sha256(input.sdl) && existing.routingUrl === input.url) {
      return { outcome: 'unchanged', subgraph: { name: existing.name, version: existing.version }, supergraph: { version: live.version, hash: live.hash } };
    }
    const { report, supergraph } = await evaluateSubgraphChange(context, manager, state, input);
    const refusal = refusalFor(report, { breaking: input.acceptBreaking, governance: input.acceptGovernance });
    if (refusal) return refusal;
    if (report.governance.length > 0) {
      const change = await audited(manager, trail, (tx) =>
        proposeChange(tx, caller, {
          kind: 'publish',
          name: input.name,
          routingUrl: input.url,
          sdl: input.sdl,
          restores: null,
          baseVersion: state.previous?.version ?? 0,
          reason: input.reason,
          governance: report.governance,
          acceptedBreaking: report.breaking,
        }),
      );
      return { outcome: 'pending', change };
    }
    const applied = await audited(manager, trail, (tx) =>
      applySubgraphChange(tx, state, { ...input, supergraphSdl: supergraph!.sdl, checks: report, publishedBy: caller.principal.sub }),
    );
    return { outcome: 'published', ...applied, checks: { ...report, ok: true } };
  });
}
