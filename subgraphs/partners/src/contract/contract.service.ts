import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { badInput, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { calendarDay, isCalendarDay } from '../../../../shared/src/graphql/calendar-day';
import { forbiddenBrandError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import type { BrandLookup } from '../../../../shared/src/subgraph/brand-lookup';
import { requireBrandId } from '../../../../shared/src/subgraph/brand-of-input';
import { PartnerEntity } from '../partner/partner.entity';
import { RATIO_KPIS, type Kpi, type SlaTarget } from '../performance/scorecard';
import { exitDateAfterNotice } from './exit-date';
import { ContractEntity, NO_FEES, type AuditRights, type ContractFees, type ContractModel, type EscalationStep, type ExitTerms } from './contract.entity';

export interface ContractTermsInput {
  capabilityScope?: string[];
  model?: ContractModel;
  slaTargets?: SlaTarget[];
  kpiWeights?: { kpi: Kpi; weight: number }[];
  auditRights?: AuditRights;
  escalationSteps?: EscalationStep[];
  exitTerms?: ExitTerms;
  fees?: ContractFees;
  validFrom?: string;
  validTo?: string;
}

/** The largest fee a contract may set, per month or per order. */
export const MAX_FEE = 100_000_000;

/** The longest notice, cure, transition or audit-notice period a contract may set: ten years. */
export const MAX_TERM_DAYS = 3650;
/** The longest response time an escalation step may set: a year. */
export const MAX_RESPONSE_HOURS = 8760;

/** The Date scalar hands inputs over as Date objects; contracts keep calendar dates as YYYY-MM-DD. */
function withCalendarDates<T extends ContractTermsInput>(terms: T): T {
  return {
    ...terms,
    ...(terms.validFrom !== undefined && terms.validFrom !== null ? { validFrom: calendarDay('validFrom', terms.validFrom) } : {}),
    ...(terms.validTo !== undefined && terms.validTo !== null ? { validTo: calendarDay('validTo', terms.validTo) } : {}),
  };
}

/** Checks a full set of terms; names the first field that is wrong. */
export function checkTerms(t: Required<ContractTermsInput>): void {
  if (t.capabilityScope.length === 0) throw badInput('capabilityScope', 'name at least one capability the partner covers.');
  if (t.slaTargets.length === 0) throw badInput('slaTargets', 'a contract needs at least one SLA target.');
  const kpis = new Set<Kpi>();
  t.slaTargets.forEach((s, i) => {
    if (kpis.has(s.kpi)) throw badInput(`slaTargets[${i}]`, `${s.kpi} has two targets.`);
    kpis.add(s.kpi);
    const valid = RATIO_KPIS.has(s.kpi) ? s.target > 0 && s.target <= 1 : s.target > 0;
    if (!Number.isFinite(s.target) || !valid) {
      throw badInput(`slaTargets[${i}].target`, RATIO_KPIS.has(s.kpi) ? `${s.kpi} is a rate: a target above 0 and at most 1.` : `${s.kpi} needs a target above 0.`);
    }
  });
  t.kpiWeights.forEach((w, i) => {
    if (!kpis.has(w.kpi)) throw badInput(`kpiWeights[${i}]`, `${w.kpi} has no SLA target to weigh.`);
    if (!Number.isFinite(w.weight) || w.weight < 0) throw badInput(`kpiWeights[${i}].weight`, 'must be ≥ 0.');
  });
  if (t.escalationSteps.length === 0) throw badInput('escalationSteps', 'a contract needs at least one escalation step.');
  t.escalationSteps.forEach((s, i) => {
    if (s.level !== i + 1) throw badInput(`escalationSteps[${i}].level`, 'levels run 1, 2, 3 … in order.');
    if (!s.role?.trim()) throw badInput(`escalationSteps[${i}].role`, 'name who handles this level.');
    if (!Number.isInteger(s.responseHours) || s.responseHours < 1 || s.responseHours > MAX_RESPONSE_HOURS) {
      throw badInput(`escalationSteps[${i}].responseHours`, `must be a whole number of hours from 1 to ${MAX_RESPONSE_HOURS}.`);
    }
  });
  // Bounded, because dates are computed from them (exit date, cure due): 2^31 days is no date at all.
  for (const key of ['noticeDays', 'cureDays', 'transitionDays'] as const) {
    const v = t.exitTerms[key];
    if (!Number.isInteger(v) || v < 0 || v > MAX_TERM_DAYS) throw badInput(`exitTerms.${key}`, `must be a whole number of days from 0 to ${MAX_TERM_DAYS}.`);
  }
  for (const key of ['monthlyFee', 'feePerOrder'] as const) {
    const v = t.fees[key];
    if (!Number.isFinite(v) || v < 0 || v > MAX_FEE) throw badInput(`fees.${key}`, `must be a number from 0 to ${MAX_FEE}.`);
  }
  const auditNotice = t.auditRights.noticeDays;
  if (!Number.isInteger(auditNotice) || auditNotice < 0 || auditNotice > MAX_TERM_DAYS) throw badInput('auditRights.noticeDays', `must be a whole number of days from 0 to ${MAX_TERM_DAYS}.`);
  if (!isCalendarDay(t.validFrom)) throw badInput('validFrom', 'must be a day from 0001-01-01 to 9999-12-31, YYYY-MM-DD.');
  if (!isCalendarDay(t.validTo)) throw badInput('validTo', 'must be a day from 0001-01-01 to 9999-12-31, YYYY-MM-DD.');
  if (t.validTo < t.validFrom) throw badInput('validTo', 'must not be before validFrom.');
}

const weightsRecord = (w: { kpi: Kpi; weight: number }[]) => Object.fromEntries(w.map((x) => [x.kpi, x.weight])) as Partial<Record<Kpi, number>>;
const weightsList = (w: Partial<Record<Kpi, number>>) => Object.entries(w).map(([kpi, weight]) => ({ kpi: kpi as Kpi, weight: weight! }));

export function termsOf(c: ContractEntity) {
  return {
    capabilityScope: c.capabilityScope,
    model: c.model,
    slaTargets: c.slaTargets,
    kpiWeights: c.kpiWeights,
    auditRights: c.auditRights,
    escalationSteps: c.escalationSteps,
    exitTerms: c.exitTerms,
    fees: c.fees,
    validFrom: c.validFrom,
    validTo: c.validTo,
  };
}

export async function createContract(
  dataSource: DataSource,
  brands: BrandLookup,
  context: AuditContext,
  raw: Omit<Required<ContractTermsInput>, 'fees'> & { fees?: ContractFees | null; partnerId: string; brand: string; reason: string },
): Promise<ContractEntity> {
  const input = withCalendarDates({ ...raw, fees: raw.fees ?? NO_FEES });
  const reason = requireReason(input.reason, 'input.reason');
  const partnerId = requireUuid('partnerId', input.partnerId);
  checkTerms(input);
  const brandId = await requireBrandId(brands, context.principal, input.brand);
  return audited(dataSource, context, async ({ manager, record }) => {
    if (!(await manager.findOneBy(PartnerEntity, { id: partnerId }))) throw notFound(`Partner ${partnerId}`);
    const id = randomUUID();
    const contract = Object.assign(new ContractEntity(), {
      id,
      partnerId,
      brandId,
      capabilityScope: input.capabilityScope,
      model: input.model,
      slaTargets: input.slaTargets,
      kpiWeights: weightsRecord(input.kpiWeights),
      auditRights: input.auditRights,
      escalationSteps: input.escalationSteps,
      exitTerms: input.exitTerms,
      fees: { monthlyFee: input.fees.monthlyFee, feePerOrder: input.fees.feePerOrder },
      validFrom: input.validFrom,
      validTo: input.validTo,
      version: 1,
      supersedesId: null,
      lineageId: id,
      status: 'ACTIVE',
      noticeGivenAt: null,
      exitDate: null,
      createdAt: new Date(),
    } satisfies ContractEntity);
    await manager.insert(ContractEntity, contract);
    record({ subject: { type: 'Contract', id, brandId, capability: input.capabilityScope[0] }, after: termsOf(contract), reason });
    return contract;
  });
}

/** The contract named by id, locked, if it is the current version. */
async function currentContract(manager: EntityManager, context: AuditContext, id: string): Promise<ContractEntity> {
  const contractId = requireUuid('contractId', id);
  const contract = await manager.findOne(ContractEntity, { where: { id: contractId }, lock: { mode: 'pessimistic_write' } });
  if (!contract) throw notFound(`Contract ${contractId}`);
  if (!mayAccessBrandId(context.principal, contract.brandId)) throw forbiddenBrandError('This contract');
  if (contract.status === 'SUPERSEDED') {
    throw trellisError('CONTRACT_SUPERSEDED', `Contract ${contractId} has been amended; act on its current version instead.`);
  }
  return contract;
}

/** A new version with the changed terms; the earlier one stays readable as SUPERSEDED. */
export async function amendContract(
  dataSource: DataSource,
  context: AuditContext,
  input: { contractId: string; changes: ContractTermsInput; reason: string },
): Promise<ContractEntity> {
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const previous = await currentContract(manager, context, input.contractId);
    const terms = {
      ...termsOf(previous),
      kpiWeights: weightsList(previous.kpiWeights),
      ...Object.fromEntries(Object.entries(withCalendarDates(input.changes)).filter(([, v]) => v !== undefined && v !== null)),
    } as Required<ContractTermsInput>;
    checkTerms(terms);
    const amended = Object.assign(new ContractEntity(), {
      ...previous,
      ...terms,
      kpiWeights: weightsRecord(terms.kpiWeights),
      id: randomUUID(),
      version: previous.version + 1,
      supersedesId: previous.id,
      status: previous.status,
      createdAt: new Date(),
    });
    await manager.update(ContractEntity, { id: previous.id }, { status: 'SUPERSEDED' });
    await manager.insert(ContractEntity, amended);
    record({
      action: 'contract.amend',
      subject: { type: 'Contract', id: amended.id, brandId: amended.brandId, capability: amended.capabilityScope[0] },
      before: { version: previous.version, id: previous.id, ...termsOf(previous) },
      after: { version: amended.version, supersedes: previous.id, ...termsOf(amended) },
      reason,
    });
    return amended;
  });
}

/** Notice to exit: the exit date follows from the contract's notice days. */
export async function giveNotice(dataSource: DataSource, context: AuditContext, input: { contractId: string; reason: string }): Promise<ContractEntity> {
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const contract = await currentContract(manager, context, input.contractId);
    if (contract.status === 'NOTICE_GIVEN') {
      throw trellisError('NOTICE_ALREADY_GIVEN', `Notice was already given on this contract; it ends on ${contract.exitDate}.`);
    }
    const now = new Date();
    const exitDate = exitDateAfterNotice(now, contract.exitTerms.noticeDays);
    await manager.update(ContractEntity, { id: contract.id }, { status: 'NOTICE_GIVEN', noticeGivenAt: now, exitDate });
    record({
      subject: { type: 'Contract', id: contract.id, brandId: contract.brandId, capability: contract.capabilityScope[0] },
      before: { status: contract.status },
      after: { status: 'NOTICE_GIVEN', exitDate, noticeDays: contract.exitTerms.noticeDays, transitionDays: contract.exitTerms.transitionDays },
      reason,
    });
    return { ...contract, status: 'NOTICE_GIVEN', noticeGivenAt: now, exitDate };
  });
}
