import { In, type EntityManager } from 'typeorm';
import type { LedgerRecord } from '../../../../shared/src/ledger/ledger';
import { ContractEntity } from '../contract/contract.entity';
import { PartnerEntity } from '../partner/partner.entity';
import { BreachEntity } from '../performance/performance.entities';
import { nextPartnerStatus } from './next-partner-status';

/**
 * The partner's status follows its breaches: an open CRITICAL breach puts an ACTIVE partner on
 * PROBATION; a cure overdue at the contract's last escalation level SUSPENDS it (and its nodes drop
 * out of order routing). Lifting probation or a suspension is a person's decision (setPartnerStatus).
 */
export async function followPartnerStatus(
  manager: EntityManager,
  partnerId: string,
  now: Date,
): Promise<LedgerRecord | null> {
  const partner = await manager.findOne(PartnerEntity, { where: { id: partnerId }, lock: { mode: 'pessimistic_write' } });
  if (!partner || partner.status === 'SUSPENDED' || partner.status === 'TERMINATED') return null;
  const open = await manager.findBy(BreachEntity, { partnerId, status: 'OPEN' });
  const contracts = await manager.findBy(ContractEntity, { id: In([...new Set(open.map((b) => b.contractId))]) });
  const lastLevel = (contractId: string) => contracts.find((c) => c.id === contractId)?.escalationSteps.length ?? 1;
  const { next, cause } = nextPartnerStatus(partner.status, open.map((b) => ({ ...b, lastLevel: lastLevel(b.contractId) })), now);
  if (!cause) return null;
  await manager.update(PartnerEntity, { id: partnerId }, { status: next });
  return {
    action: 'partner.status.follow',
    subject: { type: 'Partner', id: partnerId },
    before: { status: partner.status },
    after: { status: next, breach: cause.id },
    reason:
      next === 'SUSPENDED'
        ? `${cause.kpi} breach of ${cause.period} not cured by ${cause.cureDueAt.toISOString().slice(0, 10)} at the last escalation level`
        : `Open critical breach: ${cause.kpi} ${cause.actual} against ${cause.target} in ${cause.period}`,
  };
}
