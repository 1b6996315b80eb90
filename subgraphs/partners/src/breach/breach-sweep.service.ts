import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { appendEntries, audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { escalateOverdueBreaches, SWEEP_ACTOR } from './breach-sweep';

export interface BreachSweepResult {
  id: string;
  escalatedBreaches: number;
  partnerStatusChanges: number;
  sweptAt: Date;
}

/**
 * The sweep, run now because someone needs a fresh view (rather than waiting for the schedule).
 * What it changes is recorded as the sweep's doing (`system:breach-sweep`, under this request's
 * id); that it was asked for, by whom and why, is the caller's own `breach.sweep` entry.
 */
export async function sweepBreachesNow(dataSource: DataSource, context: AuditContext, input: { reason: string }): Promise<BreachSweepResult> {
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const sweptAt = new Date();
    const { escalatedBreaches, partnerStatusChanges, records } = await escalateOverdueBreaches(manager, sweptAt);
    await appendEntries(manager, SWEEP_ACTOR, context.audit.requestId, records);
    const result = { id: randomUUID(), escalatedBreaches, partnerStatusChanges, sweptAt };
    record({ subject: { type: 'BreachSweep', id: result.id }, after: { escalatedBreaches, partnerStatusChanges, sweptAt: sweptAt.toISOString() }, reason });
    return result;
  });
}
