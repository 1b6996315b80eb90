import type { EscalationStep } from '../contract/contract.entity';
import { nextPartnerStatus } from './next-partner-status';
import { nextEscalation, overdueEscalation } from './overdue-escalation';

const NOW = new Date('2026-05-10T12:00:00Z');
const HOUR = 3_600_000;
const STEPS: EscalationStep[] = [
  { level: 1, role: 'Account manager', responseHours: 48 },
  { level: 2, role: 'Head of operations', responseHours: 24 },
  { level: 3, role: 'COO', responseHours: 8 },
];

describe('overdueEscalation', () => {
  const breach = (escalationLevel: number, cureDueAt: Date, status: 'OPEN' | 'RESOLVED' = 'OPEN') => ({ status, escalationLevel, cureDueAt });

  it('moves an overdue cure to the next step, due that step’s response hours from now', () => {
    expect(overdueEscalation(breach(1, new Date(NOW.getTime() - HOUR)), STEPS, NOW)).toEqual({
      level: 2,
      step: STEPS[1],
      cureDueAt: new Date(NOW.getTime() + 24 * HOUR),
    });
  });

  it('leaves a cure not yet due (or due this instant), a resolved breach, and one at the last step', () => {
    expect(overdueEscalation(breach(1, new Date(NOW.getTime() + HOUR)), STEPS, NOW)).toBeNull();
    expect(overdueEscalation(breach(1, NOW), STEPS, NOW)).toBeNull();
    expect(overdueEscalation(breach(1, new Date(NOW.getTime() - HOUR), 'RESOLVED'), STEPS, NOW)).toBeNull();
    expect(overdueEscalation(breach(3, new Date(NOW.getTime() - HOUR)), STEPS, NOW)).toBeNull();
  });

  it('escalates once per sweep: the new deadline is no longer overdue at the same instant', () => {
    const first = overdueEscalation(breach(1, new Date(NOW.getTime() - HOUR)), STEPS, NOW)!;
    expect(overdueEscalation(breach(first.level, first.cureDueAt), STEPS, NOW)).toBeNull();
  });
});

describe('nextEscalation', () => {
  const breach = (escalationLevel: number, cureDueAt: Date) => ({ status: 'OPEN' as const, escalationLevel, cureDueAt });
  it('is the step a person takes too: the new level, and its response time from now as the deadline', () => {
    const manual = nextEscalation(breach(1, new Date(NOW.getTime() + HOUR)), STEPS, NOW)!;
    expect(manual.level).toBe(2);
    expect(manual.cureDueAt.getTime()).toBe(NOW.getTime() + STEPS[1]!.responseHours * HOUR);
    // So a breach a person just escalated is not overdue for the sweep.
    expect(overdueEscalation(breach(manual.level, manual.cureDueAt), STEPS, NOW)).toBeNull();
    expect(nextEscalation(breach(STEPS.length, NOW), STEPS, NOW)).toBeNull();
  });
});

describe('nextPartnerStatus', () => {
  const open = (severity: 'MINOR' | 'MAJOR' | 'CRITICAL', escalationLevel = 1, overdue = false) => ({
    severity,
    escalationLevel,
    lastLevel: 3,
    cureDueAt: new Date(NOW.getTime() + (overdue ? -HOUR : HOUR)),
  });

  it('puts an ACTIVE partner with an open CRITICAL breach on PROBATION', () => {
    const critical = open('CRITICAL');
    expect(nextPartnerStatus('ACTIVE', [open('MINOR'), critical], NOW)).toEqual({ next: 'PROBATION', cause: critical });
  });

  it('SUSPENDS a partner whose cure is overdue at the last level, on probation or not', () => {
    const stuck = open('MAJOR', 3, true);
    expect(nextPartnerStatus('PROBATION', [open('CRITICAL'), stuck], NOW)).toEqual({ next: 'SUSPENDED', cause: stuck });
    expect(nextPartnerStatus('ACTIVE', [stuck], NOW)).toEqual({ next: 'SUSPENDED', cause: stuck });
  });

  it('changes nothing otherwise, and never lifts a status', () => {
    expect(nextPartnerStatus('ACTIVE', [open('MAJOR', 2, true), open('MINOR')], NOW)).toEqual({ next: 'ACTIVE', cause: null });
    expect(nextPartnerStatus('PROBATION', [], NOW)).toEqual({ next: 'PROBATION', cause: null });
    expect(nextPartnerStatus('SUSPENDED', [], NOW)).toEqual({ next: 'SUSPENDED', cause: null });
    expect(nextPartnerStatus('TERMINATED', [open('CRITICAL', 3, true)], NOW)).toEqual({ next: 'TERMINATED', cause: null });
  });
});
