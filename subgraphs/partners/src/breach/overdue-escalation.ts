import type { EscalationStep } from '../contract/contract.entity';
import type { BreachEntity } from '../performance/performance.entities';

export interface OverdueEscalation {
  level: number;
  step: EscalationStep;
  cureDueAt: Date;
}

/**
 * What an overdue cure leads to: the contract's next escalation step, with that step's response
 * time from now as the new deadline; null when the cure is not overdue or the breach is already at
 * the last step (then the partner's status follows instead, see partner-status.ts).
 */
export function overdueEscalation(
  breach: Pick<BreachEntity, 'status' | 'cureDueAt' | 'escalationLevel'>,
  steps: readonly EscalationStep[],
  now: Date,
): OverdueEscalation | null {
  if (breach.status !== 'OPEN' || breach.cureDueAt >= now || breach.escalationLevel >= steps.length) return null;
  return nextEscalation(breach, steps, now);
}

/**
 * The next escalation step of a breach, whoever takes it (a person or the sweep): that step's
 * response time from now is the new deadline. Null past the last step.
 */
export function nextEscalation(breach: Pick<BreachEntity, 'escalationLevel'>, steps: readonly EscalationStep[], now: Date): OverdueEscalation | null {
  if (breach.escalationLevel >= steps.length) return null;
  const level = breach.escalationLevel + 1;
  const step = steps[level - 1]!;
  return { level, step, cureDueAt: new Date(now.getTime() + step.responseHours * 3_600_000) };
}
