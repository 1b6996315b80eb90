import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { badInput, forbiddenBrandError, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext, type AuditedTransaction } from '../../../../shared/src/ledger/ledger';
import { BrandEntity } from '../brand/brand.entity';
import { CapabilityEntity } from '../capability/capability.entity';
import { AssessmentEntity } from '../decision/assessment.entity';
import type { DecisionEntity } from '../decision/decision.entity';
import { PilotEntity } from '../pilot/pilot.entity';
import type { UpstreamFacts } from '../upstream/upstream-facts';
import { opensRollout, phaseGates, phaseOrderProblem, rolloutSchedule, type Gate, type GateFacts, type PhaseName } from './phase-gates';
import { RolloutEntity, RolloutPhaseEntity, type RolloutDesignFacts } from './rollout.entity';
import type { RolloutDesignInput } from './rollout.type';

const MAX_DESIGN_ITEMS = 30;
const MAX_TEXT = 300;

/**
 * Inside the approval's transaction: a decision that changes who runs the capability opens a rollout
 * (three phases, due 30-60-90 days out). A rollout still in progress for the same brand × capability
 * carries on under the new decision when that decides the same model (a review confirming it), and is
 * superseded otherwise — the move it was making no longer stands.
 */
export async function rolloutOnApproval(
  { manager, record }: AuditedTransaction,
  input: { decision: DecisionEntity; previous: DecisionEntity | null; capabilityCode: string; now: Date; reason: string },
): Promise<RolloutEntity | null> {
  const { decision, previous, capabilityCode, now } = input;
  const open = await manager.findOne(RolloutEntity, { where: { brandId: decision.brandId, capabilityId: decision.capabilityId, status: 'IN_PROGRESS' }, lock: { mode: 'pessimistic_write' } });
  if (open && open.toModel === decision.model) {
    await manager.update(RolloutEntity, { id: open.id }, { decisionId: decision.id });
    record({
      action: 'rollout.decision.replace',
      subject: { type: 'Rollout', id: open.id, brandId: open.brandId, capability: capabilityCode },
      before: { decision: open.decisionId },
      after: { decision: decision.id, toModel: open.toModel },
      reason: input.reason,
    });
    return open;
  }
  if (open) {
    await manager.update(RolloutEntity, { id: open.id }, { status: 'SUPERSEDED', closedAt: now });
    record({
      action: 'rollout.supersede',
      subject: { type: 'Rollout', id: open.id, brandId: open.brandId, capability: capabilityCode },
      before: { status: 'IN_PROGRESS', toModel: open.toModel },
      after: { status: 'SUPERSEDED', supersededByDecision: decision.id },
      reason: input.reason,
    });
  }
  if (!opensRollout(previous?.model, decision.model)) return null;
  const rollout = Object.assign(new RolloutEntity(), {
    id: randomUUID(),
    brandId: decision.brandId,
    capabilityId: decision.capabilityId,
    decisionId: decision.id,
    fromModel: previous!.model,
    toModel: decision.model,
    status: 'IN_PROGRESS' as const,
    openedAt: now,
    closedAt: null,
    design: null,
  });
  await manager.insert(RolloutEntity, rollout);
  const schedule = rolloutSchedule(now);
  await manager.insert(
    RolloutPhaseEntity,
    schedule.map((p) => ({ rolloutId: rollout.id, phase: p.phase, position: p.position, dueAt: p.dueAt, completedAt: null, completedBy: null, gates: null })),
  );
  record({
    action: 'rollout.open',
    subject: { type: 'Rollout', id: rollout.id, brandId: rollout.brandId, capability: capabilityCode },
    after: { decision: decision.id, fromModel: rollout.fromModel, toModel: rollout.toModel, phases: schedule.map((p) => ({ phase: p.phase, dueAt: p.dueAt.toISOString() })) },
    reason: `${capabilityCode} moves from ${rollout.fromModel} to ${rollout.toModel}: diagnose, design and pilot before the transition`,
  });
  return rollout;
}

async function lockedRollout(manager: EntityManager, context: AuditContext, id: string): Promise<RolloutEntity> {
  const rolloutId = requireUuid('rolloutId', id);
  const rollout = await manager.findOne(RolloutEntity, { where: { id: rolloutId }, lock: { mode: 'pessimistic_write' } });
  if (!rollout) throw notFound(`Rollout ${rolloutId}`);
  if (!mayAccessBrandId(context.principal, rollout.brandId)) throw forbiddenBrandError('This rollout');
  if (rollout.status !== 'IN_PROGRESS') {
    throw trellisError('ROLLOUT_NOT_IN_PROGRESS', `Rollout ${rollout.id} is ${rollout.status}; only a rollout in progress changes.`, { status: rollout.status });
  }
  return rollout;
}

function text(field: string, value: string | undefined | null): string {
  const trimmed = value?.trim();
  if (!trimmed) throw badInput(field, 'must not be blank.');
  if (trimmed.length > MAX_TEXT) throw badInput(field, `at most ${MAX_TEXT} characters.`);
  return trimmed;
}

function designOf(input: RolloutDesignInput, by: string, at: Date): RolloutDesignFacts {
  for (const key of ['responsibilities', 'kpis', 'escalationPath'] as const) {
    if ((input[key]?.length ?? 0) > MAX_DESIGN_ITEMS) throw badInput(`design.${key}`, `at most ${MAX_DESIGN_ITEMS}.`);
  }
  return {
    responsibilities: (input.responsibilities ?? []).map((r, i) => ({ activity: text(`design.responsibilities[${i}].activity`, r.activity), owner: text(`design.responsibilities[${i}].owner`, r.owner) })),
    kpis: (input.kpis ?? []).map((k, i) => {
      if (!Number.isFinite(k.target)) throw badInput(`design.kpis[${i}].target`, 'must be a number.');
      return { kpi: text(`design.kpis[${i}].kpi`, k.kpi), target: k.target, unit: k.unit?.trim() || null };
    }),
    escalationPath: (input.escalationPath ?? []).map((s, i) => {
      if (s.level !== i + 1) throw badInput(`design.escalationPath[${i}].level`, 'levels run 1, 2, 3 … in order.');
      if (!Number.isInteger(s.responseHours) || s.responseHours < 1 || s.responseHours > 8760) throw badInput(`design.escalationPath[${i}].responseHours`, 'a whole number of hours from 1 to 8760.');
      return { level: s.level, role: text(`design.escalationPath[${i}].role`, s.role), responseHours: s.responseHours };
    }),
    recordedBy: by,
    recordedAt: at.toISOString(),
  };
}

/** Records (or replaces) the control model of the new operating model: the DESIGN phase's data. */
export async function recordRolloutDesign(dataSource: DataSource, context: AuditContext, input: { rolloutId: string; design: RolloutDesignInput; reason: string }): Promise<RolloutEntity> {
  const reason = requireReason(input.reason);
  const design = designOf(input.design, context.principal.sub, new Date());
  return audited(dataSource, context, async ({ manager, record }) => {
    const rollout = await lockedRollout(manager, context, input.rolloutId);
    await manager.update(RolloutEntity, { id: rollout.id }, { design });
    const code = (await manager.findOneByOrFail(CapabilityEntity, { id: rollout.capabilityId })).code;
    record({ subject: { type: 'Rollout', id: rollout.id, brandId: rollout.brandId, capability: code }, before: rollout.design ? { design: rollout.design } : null, after: { design }, reason });
    return { ...rollout, design };
  });
}

async function inTurn(reads: readonly (() => Promise<unknown>)[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results;
}

/** The facts every gate of a rollout is judged on: its own data, and what inventory and partners say now. */
export async function gateFacts(manager: EntityManager, facts: UpstreamFacts, rollout: RolloutEntity, options: { fresh?: boolean } = {}): Promise<GateFacts> {
  // Outside a transaction the reads go to the pool at once; inside one they share its one
  // connection, and a query sent while another is running is refused by pg 9 (queued today).
  const inTransaction = manager.queryRunner?.isTransactionActive === true;
  const reads = [
    () => manager.findOneByOrFail(BrandEntity, { id: rollout.brandId }),
    () => manager.findOneByOrFail(CapabilityEntity, { id: rollout.capabilityId }),
    () => manager.query('SELECT assessment_id FROM operating_model_decision WHERE id = $1', [rollout.decisionId]) as Promise<{ assessment_id: string }[]>,
    () => manager.findOne(AssessmentEntity, { where: { brandId: rollout.brandId, capabilityId: rollout.capabilityId }, order: { assessedAt: 'DESC', id: 'DESC' } }),
    () => manager.findBy(PilotEntity, { brandId: rollout.brandId, capabilityId: rollout.capabilityId, status: In(['SUCCEEDED', 'FAILED', 'RUNNING']) }),
  ] as const;
  const [brand, capability, decision, latest, pilots] = (inTransaction ? await inTurn(reads) : await Promise.all(reads.map((read) => read()))) as [
    BrandEntity,
    CapabilityEntity,
    { assessment_id: string }[],
    AssessmentEntity | null,
    PilotEntity[],
  ];
  const operations = await facts.operationsOf(brand.slug, options);
  const design = rollout.design;
  return {
    now: new Date(),
    rollout: { openedAt: rollout.openedAt, toModel: rollout.toModel, capabilityCode: capability.code },
    decision: { assessmentId: decision[0]!.assessment_id },
    latestAssessment: latest ? { id: latest.id, assessedAt: latest.assessedAt } : null,
    orders: operations.orders,
    design: design ? { responsibilities: design.responsibilities.length, kpis: design.kpis.length, escalationSteps: design.escalationPath.length } : null,
    contracts: operations.contracts,
    sourcingPolicy: operations.sourcingPolicy,
    pilots: pilots.map((p) => ({ model: p.model, status: p.status, startedAt: p.startedAt })),
  };
}

/**
 * Completes a phase when its turn has come and every gate is met (PHASE_GATE_UNMET names those that
 * are not); completing PILOT completes the rollout. Upstream facts are read fresh, before the
 * transaction, and the gates are judged again inside it on the rollout as locked.
 */
export async function completePhase(
  dataSource: DataSource,
  facts: UpstreamFacts,
  context: AuditContext,
  input: { rolloutId: string; phase: PhaseName; reason: string },
): Promise<RolloutEntity> {
  const reason = requireReason(input.reason);
  const rolloutId = requireUuid('rolloutId', input.rolloutId);
  const first = await dataSource.getRepository(RolloutEntity).findOneBy({ id: rolloutId });
  if (first && mayAccessBrandId(context.principal, first.brandId)) {
    const brand = await dataSource.getRepository(BrandEntity).findOneBy({ id: first.brandId });
    if (brand) await facts.operationsOf(brand.slug, { fresh: true });
  }
  return audited(dataSource, context, async ({ manager, record }) => {
    const rollout = await lockedRollout(manager, context, rolloutId);
    const phases = await manager.find(RolloutPhaseEntity, { where: { rolloutId: rollout.id }, order: { position: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    const order = phaseOrderProblem(phases, input.phase);
    if (order) throw trellisError('PHASE_OUT_OF_ORDER', `Rollout ${rollout.id}: ${order}`, { phase: input.phase });
    const gates: Gate[] = phaseGates(input.phase, await gateFacts(manager, facts, rollout));
    const unmet = gates.filter((g) => !g.met);
    if (unmet.length > 0) {
      throw trellisError('PHASE_GATE_UNMET', `${input.phase} cannot complete: ${unmet.map((g) => `${g.code} (${g.description})`).join('; ')}.`, {
        unmetGates: unmet.map((g) => ({ code: g.code, description: g.description })),
      });
    }
    const now = new Date();
    await manager.update(RolloutPhaseEntity, { rolloutId: rollout.id, phase: input.phase }, { completedAt: now, completedBy: context.principal.sub, gates });
    const code = (await manager.findOneByOrFail(CapabilityEntity, { id: rollout.capabilityId })).code;
    const subject = { type: 'Rollout', id: rollout.id, brandId: rollout.brandId, capability: code };
    const due = phases.find((p) => p.phase === input.phase)!.dueAt;
    record({ subject, after: { phase: input.phase, completedAt: now.toISOString(), dueAt: due.toISOString(), late: now > due, gates }, reason });
    if (input.phase !== 'PILOT') return rollout;
    await manager.update(RolloutEntity, { id: rollout.id }, { status: 'COMPLETED', closedAt: now });
    record({ action: 'rollout.complete', subject, before: { status: 'IN_PROGRESS' }, after: { status: 'COMPLETED', toModel: rollout.toModel }, reason });
    return { ...rollout, status: 'COMPLETED', closedAt: now };
  });
}
