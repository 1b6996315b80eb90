import { In, type DataSource, type EntityManager } from 'typeorm';
import { appendEntries, type LedgerActor, type LedgerRecord } from '../../../../shared/src/ledger/ledger';
import { ContractEntity } from '../contract/contract.entity';
import { BreachEntity } from '../performance/performance.entities';
import { breachSubject } from './breach-subject';
import { overdueEscalation } from './overdue-escalation';
import { followPartnerStatus } from './partner-status';

/** Who the ledger names for what the sweep changes: no person decided it, the contract did. */
export const SWEEP_ACTOR: LedgerActor = { subject: 'system:breach-sweep', roles: [], onBehalfOf: null };

export interface SweepOutcome {
  escalatedBreaches: number;
  partnerStatusChanges: number;
  records: LedgerRecord[];
}

/**
 * Inside the caller's transaction: breaches whose cure is overdue climb one escalation level (with
 * the next step's response time as the new deadline), and their partners' status follows (at the
 * last level an overdue cure suspends the partner). The breaches are locked and those another
 * sweep holds are skipped, so two sweeps at once never escalate a breach twice; a sweep that dies
 * rolls back whole, and the next one finds the same work still due.
 */
export async function escalateOverdueBreaches(manager: EntityManager, now: Date, partnerIds?: readonly string[]): Promise<SweepOutcome> {
  const query = manager
    .getRepository(BreachEntity)
    .createQueryBuilder('b')
    .where("b.status = 'OPEN' AND b.cure_due_at < :now", { now })
    .orderBy('b.id')
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked');
  if (partnerIds) query.andWhere('b.partner_id = ANY(:partnerIds)', { partnerIds: [...partnerIds] });
  const overdue = await query.getMany();
  if (overdue.length === 0) return { escalatedBreaches: 0, partnerStatusChanges: 0, records: [] };
  const contracts = await manager.findBy(ContractEntity, { id: In([...new Set(overdue.map((b) => b.contractId))]) });
  const records: LedgerRecord[] = [];
  for (const breach of overdue) {
    const escalation = overdueEscalation(breach, contracts.find((c) => c.id === breach.contractId)!.escalationSteps, now);
    if (!escalation) continue;
    await manager.update(BreachEntity, { id: breach.id }, { escalationLevel: escalation.level, cureDueAt: escalation.cureDueAt });
    records.push({
      action: 'breach.escalate',
      subject: breachSubject(breach),
      before: { escalationLevel: breach.escalationLevel, cureDueAt: breach.cureDueAt.toISOString() },
      after: { escalationLevel: escalation.level, cureDueAt: escalation.cureDueAt.toISOString(), role: escalation.step.role },
      reason: `Cure overdue since ${breach.cureDueAt.toISOString().slice(0, 10)}`,
    });
  }
  const escalatedBreaches = records.length;
  for (const partnerId of [...new Set(overdue.map((b) => b.partnerId))].sort()) {
    const status = await followPartnerStatus(manager, partnerId, now);
    if (status) records.push(status);
  }
  return { escalatedBreaches, partnerStatusChanges: records.length - escalatedBreaches, records };
}

/**
 * The scheduled sweep: one transaction, its changes recorded by the sweep itself. Returns the
 * number of ledger entries written (0 when nothing was due).
 */
export async function sweepBreaches(dataSource: DataSource, now = new Date(), partnerIds?: readonly string[]): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const { records } = await escalateOverdueBreaches(manager, now, partnerIds);
    await appendEntries(manager, SWEEP_ACTOR, null, records);
    return records.length;
  });
}
