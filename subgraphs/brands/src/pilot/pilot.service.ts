import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { badInput, forbiddenBrandError, isUuid, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { calendarDay } from '../../../../shared/src/graphql/calendar-day';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { requireBrand } from '../brand/require-brand';
import { CapabilityEntity } from '../capability/capability.entity';
import { DecisionEntity, type EvidenceItem } from '../decision/decision.entity';
import type { OperatingModel } from '../decision/recommend';
import { PilotEntity, PilotMeasurementEntity, type PilotScopeFacts } from './pilot.entity';
import { conclusionProblem, evaluatePilot, metricsProblem, type PilotConclusion, type PilotEvaluation, type PilotMetric } from './pilot-outcome';
import type { PilotMetricInput, PilotScopeInput, PlanPilotInput, RecordPilotMeasurementInput } from './pilot.type';

/** The longest a pilot may run: a quarter, so it reports back before the next portfolio review. */
export const MAX_PILOT_DAYS = 92;
const MAX_SCOPE_ITEMS = 50;
const CLOCK_SKEW_MS = 5 * 60_000;

function metricsOf(input: readonly PilotMetricInput[]): PilotMetric[] {
  const metrics = input.map((m) => ({ metric: m.metric?.trim(), baseline: m.baseline, target: m.target, direction: m.direction, dataSource: m.dataSource?.trim() }));
  const problem = metricsProblem(metrics);
  if (problem) throw badInput(problem.field, problem.message);
  return metrics;
}

/** The boundary of a pilot: regions, channels and SKU ids, trimmed and distinct; at least one of them. */
function scopeOf(input: PilotScopeInput): PilotScopeFacts {
  const clean = (values: readonly string[] | undefined, field: string) => {
    const list = [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];
    if (list.length > MAX_SCOPE_ITEMS) throw badInput(`scope.${field}`, `at most ${MAX_SCOPE_ITEMS}.`);
    return list;
  };
  const scope = {
    regions: clean(input.regions, 'regions'),
    channels: clean(input.channels, 'channels'),
    skuIds: clean(input.skuIds, 'skuIds').map((id, i) => requireUuid(`scope.skuIds[${i}]`, id)),
  };
  if (scope.regions.length + scope.channels.length + scope.skuIds.length === 0) {
    throw badInput('scope', 'pilot the boundary, not the entire portfolio: name at least one region, channel or SKU.');
  }
  return scope;
}

async function brandAndCapability(manager: EntityManager, context: AuditContext, slug: string, code: string) {
  const brand = await requireBrand(manager, context.principal, slug);
  const capability = await manager.findOneBy(CapabilityEntity, { code });
  if (!capability) throw notFound(`Capability "${code}"`);
  return { brand, capability };
}

/** The pilot named by id, locked, for a caller who may act on its brand. */
async function lockedPilot(manager: EntityManager, context: AuditContext, id: string, field = 'id'): Promise<PilotEntity> {
  const pilotId = requireUuid(field, id);
  const pilot = await manager.findOne(PilotEntity, { where: { id: pilotId }, lock: { mode: 'pessimistic_write' } });
  if (!pilot) throw notFound(`Pilot ${pilotId}`);
  if (!mayAccessBrandId(context.principal, pilot.brandId)) throw forbiddenBrandError('This pilot');
  return pilot;
}

async function codeOf(manager: EntityManager, capabilityId: string): Promise<string> {
  return (await manager.findOneByOrFail(CapabilityEntity, { id: capabilityId })).code;
}

const subjectOf = (p: PilotEntity, capability: string) => ({ type: 'Pilot', id: p.id, brandId: p.brandId, capability });

export async function planPilot(dataSource: DataSource, context: AuditContext, input: PlanPilotInput): Promise<PilotEntity> {
  const hypothesis = requireReason(input.hypothesis, 'input.hypothesis');
  const metrics = metricsOf(input.metrics ?? []);
  const scope = scopeOf(input.scope ?? { regions: [], channels: [], skuIds: [] });
  const startsOn = calendarDay('input.startsOn', input.startsOn);
  const endsOn = calendarDay('input.endsOn', input.endsOn);
  const days = (Date.parse(endsOn) - Date.parse(startsOn)) / 86_400_000;
  if (days < 0) throw badInput('input.endsOn', 'must not be before startsOn.');
  if (days > MAX_PILOT_DAYS) throw badInput('input.endsOn', `a pilot runs at most ${MAX_PILOT_DAYS} days, so it reports back before the next review.`);
  return audited(dataSource, context, async ({ manager, record }) => {
    const { brand, capability } = await brandAndCapability(manager, context, input.brand, input.capability);
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pilot:${brand.id}:${capability.id}`]);
    const open = await manager.findOne(PilotEntity, { where: [{ brandId: brand.id, capabilityId: capability.id, status: 'PLANNED' }, { brandId: brand.id, capabilityId: capability.id, status: 'RUNNING' }] });
    if (open) {
      throw trellisError('PILOT_OVERLAP', `${capability.code} at ${brand.slug} already has a ${open.status} pilot (${open.id}); conclude or abandon it first.`, { pilotId: open.id });
    }
    const inEffect = await manager.findOneBy(DecisionEntity, { brandId: brand.id, capabilityId: capability.id, status: 'APPROVED' });
    const pilot = Object.assign(new PilotEntity(), {
      id: randomUUID(),
      brandId: brand.id,
      capabilityId: capability.id,
      model: input.model,
      baselineModel: inEffect?.model ?? null,
      hypothesis,
      scope,
      metrics,
      startsOn,
      endsOn,
      status: 'PLANNED',
      plannedBy: context.principal.sub,
      plannedAt: new Date(),
      startedBy: null,
      startedAt: null,
      concludedBy: null,
      concludedAt: null,
      conclusionReason: null,
      evaluation: null,
    } satisfies PilotEntity);
    await manager.insert(PilotEntity, pilot);
    record({ subject: subjectOf(pilot, capability.code), after: { model: pilot.model, baselineModel: pilot.baselineModel, scope, metrics, startsOn, endsOn, status: 'PLANNED' }, reason: hypothesis });
    return pilot;
  });
}

/** Success metrics may change only before the pilot starts: afterwards the targets are locked. */
export async function revisePilotMetrics(dataSource: DataSource, context: AuditContext, input: { id: string; metrics: PilotMetricInput[]; reason: string }): Promise<PilotEntity> {
  const reason = requireReason(input.reason);
  const metrics = metricsOf(input.metrics ?? []);
  return audited(dataSource, context, async ({ manager, record }) => {
    const pilot = await lockedPilot(manager, context, input.id);
    if (pilot.status !== 'PLANNED') {
      throw trellisError(
        'PILOT_TARGETS_LOCKED',
        `Pilot ${pilot.id} is ${pilot.status}: its success metrics were fixed when it started and cannot change. Conclude it and plan another to judge it differently.`,
        { status: pilot.status },
      );
    }
    const before = pilot.metrics;
    await manager.update(PilotEntity, { id: pilot.id }, { metrics });
    record({ subject: subjectOf(pilot, await codeOf(manager, pilot.capabilityId)), before: { metrics: before }, after: { metrics }, reason });
    return { ...pilot, metrics };
  });
}

export async function startPilot(dataSource: DataSource, context: AuditContext, input: { id: string; reason?: string | null }): Promise<PilotEntity> {
  return audited(dataSource, context, async ({ manager, record }) => {
    const pilot = await lockedPilot(manager, context, input.id);
    if (pilot.status !== 'PLANNED') throw trellisError('PILOT_NOT_PLANNED', `Pilot ${pilot.id} is ${pilot.status}; only a PLANNED pilot starts.`, { status: pilot.status });
    const now = new Date();
    await manager.update(PilotEntity, { id: pilot.id }, { status: 'RUNNING', startedAt: now, startedBy: context.principal.sub });
    record({
      subject: subjectOf(pilot, await codeOf(manager, pilot.capabilityId)),
      before: { status: 'PLANNED' },
      after: { status: 'RUNNING', metrics: pilot.metrics, scope: pilot.scope },
      reason: input.reason?.trim() || `Pilot of ${pilot.model} starts; its success metrics are now fixed`,
    });
    return { ...pilot, status: 'RUNNING', startedAt: now, startedBy: context.principal.sub };
  });
}

export async function recordPilotMeasurement(dataSource: DataSource, context: AuditContext, input: RecordPilotMeasurementInput): Promise<PilotEntity> {
  if (!Number.isFinite(input.value)) throw badInput('input.value', 'must be a number.');
  const now = new Date();
  const measuredAt = input.measuredAt ?? now;
  if (Number.isNaN(measuredAt.getTime()) || measuredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badInput('input.measuredAt', 'must not be in the future.');
  return audited(dataSource, context, async ({ manager, record }) => {
    const pilot = await lockedPilot(manager, context, input.pilotId, 'input.pilotId');
    if (pilot.status !== 'RUNNING') throw trellisError('PILOT_NOT_RUNNING', `Pilot ${pilot.id} is ${pilot.status}; measurements are recorded while it runs.`, { status: pilot.status });
    const metric = pilot.metrics.find((m) => m.metric === input.metric?.trim());
    if (!metric) throw badInput('input.metric', `the pilot measures ${pilot.metrics.map((m) => m.metric).join(', ')}, not "${input.metric}".`);
    if (measuredAt.getTime() < pilot.startedAt!.getTime() - CLOCK_SKEW_MS) throw badInput('input.measuredAt', 'a measurement from before the pilot started says nothing about it.');
    const measurement = Object.assign(new PilotMeasurementEntity(), {
      id: randomUUID(),
      pilotId: pilot.id,
      brandId: pilot.brandId,
      metric: metric.metric,
      value: input.value,
      measuredAt,
      source: input.source?.trim() || metric.dataSource,
      recordedBy: context.principal.sub,
      recordedAt: now,
    });
    await manager.insert(PilotMeasurementEntity, measurement);
    record({
      subject: subjectOf(pilot, await codeOf(manager, pilot.capabilityId)),
      after: { metric: metric.metric, value: input.value, target: metric.target, direction: metric.direction, measuredAt: measuredAt.toISOString(), source: measurement.source },
      reason: `Measured ${metric.metric} for the pilot from ${measurement.source}`,
    });
    return pilot;
  });
}

/** The evaluation of a pilot now, from its measurements. */
export async function evaluationOf(manager: EntityManager, pilot: PilotEntity): Promise<PilotEvaluation> {
  const measurements = await manager.find(PilotMeasurementEntity, { where: { pilotId: pilot.id }, order: { recordedAt: 'ASC', id: 'ASC' } });
  return evaluatePilot(pilot.metrics, measurements);
}

export async function concludePilot(dataSource: DataSource, context: AuditContext, input: { id: string; outcome: PilotConclusion; reason: string }): Promise<PilotEntity> {
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const pilot = await lockedPilot(manager, context, input.id);
    const open = pilot.status === 'RUNNING' || (pilot.status === 'PLANNED' && input.outcome === 'ABANDONED');
    if (!open) throw trellisError('PILOT_NOT_RUNNING', `Pilot ${pilot.id} is ${pilot.status}; only a running pilot concludes (a planned one can be abandoned).`, { status: pilot.status });
    const evaluation = await evaluationOf(manager, pilot);
    const problem = conclusionProblem(input.outcome, evaluation);
    if (problem) {
      throw trellisError('PILOT_OUTCOME_MISMATCH', `Pilot ${pilot.id} cannot be concluded ${input.outcome}: ${problem}`, {
        evaluation: { verdict: evaluation.verdict, metCount: evaluation.metCount, measuredCount: evaluation.measuredCount },
      });
    }
    const now = new Date();
    const change = { status: input.outcome, concludedAt: now, concludedBy: context.principal.sub, conclusionReason: reason, evaluation } as const;
    await manager.update(PilotEntity, { id: pilot.id }, change);
    record({
      subject: subjectOf(pilot, await codeOf(manager, pilot.capabilityId)),
      before: { status: pilot.status },
      after: {
        status: input.outcome,
        verdict: evaluation.verdict,
        metrics: evaluation.metrics.map((m) => ({ metric: m.metric, target: m.target, latest: m.latest, met: m.met })),
      },
      reason,
    });
    return { ...pilot, ...change };
  });
}

/**
 * A concluded pilot as evidence for a decision: of the same brand and capability, it tried the
 * model proposed and SUCCEEDED. The evidence item says how many of its metrics met their targets.
 */
export async function pilotEvidence(
  manager: EntityManager,
  input: { pilotId: string; brandId: string; capabilityId: string; capabilityCode: string; model: OperatingModel },
): Promise<EvidenceItem> {
  const pilot = isUuid(input.pilotId) ? await manager.findOneBy(PilotEntity, { id: input.pilotId.toLowerCase() }) : null;
  if (!pilot || pilot.brandId !== input.brandId) throw notFound(`Pilot ${input.pilotId} of this brand`);
  const fits = pilot.capabilityId === input.capabilityId && pilot.model === input.model && pilot.status === 'SUCCEEDED' && pilot.evaluation;
  if (!fits) {
    throw trellisError(
      'PILOT_NOT_EVIDENCE',
      `Pilot ${pilot.id} (${pilot.model}, ${pilot.status}) cannot support ${input.model} for ${input.capabilityCode}: cite a pilot of this capability that tried ${input.model} and SUCCEEDED.`,
      { pilotStatus: pilot.status, pilotModel: pilot.model },
    );
  }
  const evaluation = pilot.evaluation!;
  return {
    kind: 'PILOT_RESULT',
    measuredValue: evaluation.metrics.length ? evaluation.metCount / evaluation.metrics.length : 0,
    unit: 'share of success metrics met',
    source: `Pilot ${pilot.id}, ${pilot.startsOn} to ${pilot.endsOn}`,
    description: evaluation.metrics.map((m) => `${m.metric} ${m.latest} vs target ${m.target} (baseline ${m.baseline})`).join('; '),
  };
}
