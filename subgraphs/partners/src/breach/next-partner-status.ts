import type { PartnerStatus } from '../partner/partner.type';
import type { Severity } from '../performance/scorecard';

export interface OpenBreachFacts {
  severity: Severity;
  cureDueAt: Date;
  escalationLevel: number;
  /** The last escalation level of the breach's contract. */
  lastLevel: number;
}

/**
 * Where a partner's status goes from its open breaches: a cure overdue at the contract's last
 * escalation level SUSPENDS it; otherwise an open CRITICAL breach puts an ACTIVE partner on
 * PROBATION. A SUSPENDED or TERMINATED partner stays as it is, and nothing lifts a status: that is
 * a person's decision. `cause` is the breach behind a change, null when the status stays.
 */
export function nextPartnerStatus<B extends OpenBreachFacts>(
  status: `${PartnerStatus}`,
  open: readonly B[],
  now: Date,
): { next: `${PartnerStatus}`; cause: B | null } {
  if (status === 'SUSPENDED' || status === 'TERMINATED') return { next: status, cause: null };
  const overdueAtLast = open.find((b) => b.cureDueAt < now && b.escalationLevel >= b.lastLevel);
  if (overdueAtLast) return { next: 'SUSPENDED', cause: overdueAtLast };
  const critical = open.find((b) => b.severity === 'CRITICAL');
  if (critical && status === 'ACTIVE') return { next: 'PROBATION', cause: critical };
  return { next: status, cause: null };
}
