import type { DataSource, EntityManager } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { forbiddenBrandError, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { ContractEntity } from '../contract/contract.entity';
import { BreachEntity } from '../performance/performance.entities';
import { breachSubject as subjectOf } from './breach-subject';
import { nextEscalation } from './overdue-escalation';
import { followPartnerStatus } from './partner-status';

async function openBreach(manager: EntityManager, context: AuditContext, id: string) {
  const breachId = requireUuid('id', id);
  const breach = await manager.findOne(BreachEntity, { where: { id: breachId }, lock: { mode: 'pessimistic_write' } });
  if (!breach) throw notFound(`Breach ${breachId}`);
  if (!mayAccessBrandId(context.principal, breach.brandId)) throw forbiddenBrandError('This breach');
  if (breach.status !== 'OPEN') throw trellisError('BREACH_NOT_OPEN', `Breach ${breachId} is ${breach.status}.`);
  const contract = await manager.findOneByOrFail(ContractEntity, { id: breach.contractId });
  return { breach, contract };
}


/** Takes a breach to the contract's next escalation step; refused past the last. */
export async function escalateBreach(dataSource: DataSource, context: AuditContext, input: { id: string; reason: string }): Promise<BreachEntity> {
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const { breach, contract } = await openBreach(manager, context, input.id);
    const steps = contract.escalationSteps;
    const now = new Date();
    // The same step the sweep would take: the new level's response time is the new deadline.
    const next = nextEscalation(breach, steps, now);
    if (!next) {
      throw trellisError(
        'ESCALATION_EXHAUSTED',
        `The breach is at level ${breach.escalationLevel} (${steps.at(-1)?.role}), the contract's last; resolve it, or give notice under the exit terms.`,
        { escalationLevel: breach.escalationLevel },
      );
    }
    const { level, step, cureDueAt } = next;
    await manager.update(BreachEntity, { id: breach.id }, { escalationLevel: level, cureDueAt });
    record({
      subject: subjectOf(breach),
      before: { escalationLevel: breach.escalationLevel, cureDueAt: breach.cureDueAt },
      after: { escalationLevel: level, role: step.role, responseHours: step.responseHours, cureDueAt },
      reason,
    });
    const status = await followPartnerStatus(manager, breach.partnerId, now);
    if (status) record(status);
    return { ...breach, escalationLevel: level, cureDueAt };
  });
}

export async function resolveBreach(
  dataSource: DataSource,
  context: AuditContext,
  input: { id: string; evidence: { description: string; source: string }[]; reason: string },
): Promise<BreachEntity> {
  const reason = requireReason(input.reason);
  const evidence = input.evidence.filter((e) => e.description?.trim() && e.source?.trim());
  if (evidence.length === 0) throw trellisError('EVIDENCE_REQUIRED', 'A breach is resolved with evidence of the cure: a description and its source.');
  return audited(dataSource, context, async ({ manager, record }) => {
    const { breach } = await openBreach(manager, context, input.id);
    const now = new Date();
    const resolution = { reason, evidence, by: context.principal.sub };
    await manager.update(BreachEntity, { id: breach.id }, { status: 'RESOLVED', resolvedAt: now, resolution });
    record({ subject: subjectOf(breach), before: { status: 'OPEN' }, after: { status: 'RESOLVED' }, reason, evidence });
    return { ...breach, status: 'RESOLVED', resolvedAt: now, resolution };
  });
}
