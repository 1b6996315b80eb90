import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { badInput, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { forbiddenBrandError } from '../../../../shared/src/errors';
import { audited, optionalReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { followPartnerStatus } from '../breach/partner-status';
import { ContractEntity } from '../contract/contract.entity';
import { BreachEntity, PerformanceReportEntity } from './performance.entities';
import { checkActuals, cureDueAt, periodBounds, scorecard, severityOf, type Actual } from './scorecard';

/**
 * Records a period's KPI actuals for a contract: a scorecard, and a breach for every KPI below
 * target. Recording the same period again keeps the earlier report as history, and reconciles the
 * breaches: new shortfalls open, persisting ones are updated, targets now met close.
 */
export async function recordPerformance(
  dataSource: DataSource,
  context: AuditContext,
  input: { contractId: string; period: string; actuals: Actual[]; reason?: string | null },
): Promise<PerformanceReportEntity> {
  const contractId = requireUuid('contractId', input.contractId);
  const bounds = periodBounds(input.period);
  if (!bounds) throw badInput('period', `must be a month, YYYY-MM, not "${input.period}".`);
  const reason = optionalReason(input.reason, `Performance for ${input.period}`);
  return audited(dataSource, context, async ({ manager, record }) => {
    const contract = await manager.findOne(ContractEntity, { where: { id: contractId }, lock: { mode: 'pessimistic_write' } });
    if (!contract) throw notFound(`Contract ${contractId}`);
    if (!mayAccessBrandId(context.principal, contract.brandId)) throw forbiddenBrandError('This contract');
    if (contract.status === 'SUPERSEDED') throw trellisError('CONTRACT_SUPERSEDED', `Contract ${contractId} has been amended; record against its current version.`);
    if (bounds.end < contract.validFrom || bounds.start > contract.validTo) {
      throw trellisError('PERIOD_OUTSIDE_CONTRACT', `${input.period} is outside the contract (${contract.validFrom} to ${contract.validTo}).`);
    }
    const problem = checkActuals(contract.slaTargets, input.actuals);
    if (problem) throw trellisError(problem.code, problem.message, { kpi: problem.kpi });

    const now = new Date();
    const card = scorecard(contract.slaTargets, contract.kpiWeights, input.actuals);
    const previous = await manager.findOneBy(PerformanceReportEntity, { contractId, period: input.period, current: true });
    if (previous) await manager.update(PerformanceReportEntity, { id: previous.id }, { current: false });
    const report = Object.assign(new PerformanceReportEntity(), {
      id: randomUUID(),
      contractId,
      partnerId: contract.partnerId,
      brandId: contract.brandId,
      period: input.period,
      version: (previous?.version ?? 0) + 1,
      actuals: input.actuals,
      kpis: card.kpis,
      weightedScore: card.weightedScore,
      current: true,
      recordedBy: context.principal.sub,
      recordedAt: now,
    });
    await manager.insert(PerformanceReportEntity, report);
    const subject = (type: string, id: string) => ({ type, id, brandId: contract.brandId, capability: contract.capabilityScope[0] });
    record({
      action: 'performance.record',
      subject: subject('PerformanceReport', report.id),
      before: previous ? { version: previous.version, weightedScore: previous.weightedScore, actuals: previous.actuals } : null,
      after: { contractId, period: input.period, version: report.version, weightedScore: card.weightedScore, actuals: input.actuals },
      reason,
    });

    const open = await manager.find(BreachEntity, { where: { contractId, period: input.period, status: 'OPEN' }, lock: { mode: 'pessimistic_write' } });
    for (const kpi of card.kpis) {
      const existing = open.find((b) => b.kpi === kpi.kpi);
      if (!kpi.met && existing) {
        await manager.update(BreachEntity, { id: existing.id }, { actual: kpi.actual, severity: severityOf(kpi.attainment) });
      } else if (!kpi.met) {
        const breach = Object.assign(new BreachEntity(), {
          id: randomUUID(),
          contractId,
          partnerId: contract.partnerId,
          brandId: contract.brandId,
          period: input.period,
          kpi: kpi.kpi,
          target: kpi.target,
          actual: kpi.actual,
          direction: kpi.direction,
          severity: severityOf(kpi.attainment),
          cureDueAt: cureDueAt(input.period, contract.exitTerms.cureDays),
          escalationLevel: 1,
          status: 'OPEN' as const,
          openedAt: now,
          resolvedAt: null,
          resolution: null,
        });
        await manager.insert(BreachEntity, breach);
        record({
          action: 'breach.open',
          subject: subject('Breach', breach.id),
          after: { kpi: kpi.kpi, target: kpi.target, actual: kpi.actual, severity: breach.severity, cureDueAt: breach.cureDueAt.toISOString(), escalationLevel: 1 },
          reason: `${kpi.kpi} below target in ${input.period}`,
        });
      } else if (existing) {
        const resolution = { reason: `Restated performance meets the ${kpi.kpi} target`, evidence: [{ report: report.id }], by: context.principal.sub };
        await manager.update(BreachEntity, { id: existing.id }, { status: 'RESOLVED', resolvedAt: now, resolution });
        record({ action: 'breach.resolve', subject: subject('Breach', existing.id), before: { status: 'OPEN' }, after: { status: 'RESOLVED' }, reason: resolution.reason });
      }
    }
    const status = await followPartnerStatus(manager, contract.partnerId, now);
    if (status) record(status);
    return report;
  });
}
