import { grantedScopes } from '../../../../shared/src/auth/principal';
import { audited, AuditTrail } from '../../../../shared/src/ledger/ledger';
import type { Refusal, RejectResponse } from '../api';
import type { RegistryCaller, RegistryContext } from '../registry-context';
import { RegistryActions } from '../registry-actions';
import { changeView } from '../views';
import { pendingChange, samePerson, type DecideInput } from './approve-change';
import { refuse } from './refusals';
import { underRegistryLock } from './registry-lock';

/**
 * Rejects a pending change: someone holding `registry:approve`, or its proposer withdrawing it.
 * Nothing goes live; the rejection and its reason are recorded.
 */
export async function rejectChange(context: RegistryContext, caller: RegistryCaller, input: DecideInput): Promise<RejectResponse | Refusal> {
  const trail = { audit: AuditTrail.of(caller.principal, caller.requestId) };
  return underRegistryLock(context.dataSource, async (manager): Promise<RejectResponse | Refusal> => {
    const change = await pendingChange(manager, input.id);
    if ('outcome' in change) return change;
    if (!grantedScopes(caller.principal).has('registry:approve') && !samePerson(change, caller.principal)) {
      return refuse('UNAUTHORIZED_FIELD_OR_TYPE', 'rejecting a registry change needs the registry:approve scope, or to be its proposer');
    }
    return audited(manager, trail, async (tx) => {
      Object.assign(change, { status: 'REJECTED', decidedBy: caller.principal.sub, decidedAt: new Date(), decisionReason: input.reason });
      await tx.manager.save(change);
      tx.record({
        action: RegistryActions.reject,
        subject: { type: 'RegistryChange', id: change.id },
        before: { status: 'PENDING', proposedBy: change.proposedBy },
        after: { status: 'REJECTED' },
        reason: input.reason,
      });
      return { outcome: 'rejected', change: changeView(change) };
    });
  });
}
