import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { badInput, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { forbiddenBrandError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { requireBrand } from '../brand/require-brand';
import { CapabilityEntity } from '../capability/capability.entity';
import { AssessmentEntity } from './assessment.entity';
import { DecisionEntity, type EvidenceItem } from './decision.entity';
import type { AssessCapabilityInput, ProposeOperatingModelInput } from './decision.type';
import { recommend, SCORE_NAMES, type Scores } from './recommend';
import { isExceptionTo } from './exception';
import { reviewDueFor } from './review-due';
import { pilotEvidence } from '../pilot/pilot.service';
import { rolloutOnApproval } from '../rollout/rollout.service';
import { CENTRAL_MODELS, orchestrationReadiness, type Readiness } from '../readiness/readiness';
import type { BrandsServices } from '../context';

export function scoresOf(a: Scores): Scores {
  return Object.fromEntries(SCORE_NAMES.map((n) => [n, a[n]])) as unknown as Scores;
}

/** The brand and capability named by slug and code, checked against the caller's brands. */
async function brandAndCapability(manager: EntityManager, context: AuditContext, slug: string, code: string) {
  const brand = await requireBrand(manager, context.principal, slug);
  const capability = await manager.findOneBy(CapabilityEntity, { code });
  if (!capability) throw notFound(`Capability "${code}"`);
  return { brand, capability };
}

/** Decisions of one brand × capability change one at a time. */
async function lockCell(manager: EntityManager, brandId: string, capabilityId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`decision:${brandId}:${capabilityId}`]);
}

export async function latestAssessment(manager: EntityManager, brandId: string, capabilityId: string): Promise<AssessmentEntity | null> {
  return manager.findOne(AssessmentEntity, { where: { brandId, capabilityId }, order: { assessedAt: 'DESC', id: 'DESC' } });
}

export async function assessCapability(dataSource: DataSource, context: AuditContext, input: AssessCapabilityInput): Promise<AssessmentEntity> {
  for (const name of SCORE_NAMES) {
    const score = input[name];
    if (!Number.isInteger(score) || score < 1 || score > 5) throw badInput(name, `must be a whole number from 1 to 5, not ${score}.`);
  }
  return audited(dataSource, context, async ({ manager, record }) => {
    const { brand, capability } = await brandAndCapability(manager, context, input.brand, input.capability);
    const previous = await latestAssessment(manager, brand.id, capability.id);
    const assessment = Object.assign(new AssessmentEntity(), {
      id: randomUUID(),
      brandId: brand.id,
      capabilityId: capability.id,
      ...scoresOf(input),
      assessor: input.assessor?.trim() || context.principal.sub,
      notes: input.notes?.trim() || null,
      assessedAt: new Date(),
    });
    await manager.insert(AssessmentEntity, assessment);
    const recommendation = recommend(scoresOf(assessment));
    record({
      subject: { type: 'CapabilityAssessment', id: assessment.id, brandId: brand.id, capability: capability.code },
      before: previous ? { ...scoresOf(previous), recommendedModel: recommend(scoresOf(previous)).model } : null,
      after: { ...scoresOf(assessment), assessor: assessment.assessor, recommendedModel: recommendation.model, borderline: recommendation.borderline },
      reason: assessment.notes ?? `Assessment of ${capability.code} for ${brand.slug}`,
    });
    return assessment;
  });
}

function evidenceItems(input: ProposeOperatingModelInput['evidence']): EvidenceItem[] {
  return input.map((e, i) => {
    if (e.kind === 'PILOT_RESULT') throw badInput(`evidence[${i}].kind`, 'a pilot’s result is cited with input.pilotId, not typed in.');
    if (!Number.isFinite(e.measuredValue)) throw badInput(`evidence[${i}].measuredValue`, 'must be a number.');
    if (!e.source?.trim()) throw badInput(`evidence[${i}].source`, 'say where the number comes from.');
    return { kind: e.kind, measuredValue: e.measuredValue, unit: e.unit?.trim() || null, source: e.source.trim(), description: e.description?.trim() || null };
  });
}

export async function proposeOperatingModel(
  dataSource: DataSource,
  context: AuditContext & { services: BrandsServices },
  input: ProposeOperatingModelInput,
): Promise<DecisionEntity> {
  const rationale = requireReason(input.rationale, 'input.rationale');
  const evidence = evidenceItems(input.evidence ?? []);
  // A central model on a brand whose basics do not work needs evidence, as an exception does (read before any lock).
  let readiness: Readiness | null = null;
  if (CENTRAL_MODELS.has(input.model) && evidence.length === 0 && !input.pilotId) {
    const brand = await requireBrand(dataSource.manager, context.principal, input.brand);
    const inputs = await context.services.facts.readinessOf(brand.id);
    if (!inputs) {
      throw trellisError('SUBGRAPH_UNAVAILABLE', `Cannot tell whether ${brand.slug} is ready to orchestrate: inventory and partners did not answer. Try again, or attach evidence.`, {
        serviceName: 'inventory',
      });
    }
    readiness = orchestrationReadiness(inputs);
    if (!readiness.ready) {
      throw trellisError(
        'EVIDENCE_REQUIRED',
        `${brand.slug} is not ready to orchestrate (readiness ${readiness.score}): ${readiness.reasons.filter((r) => !r.met).map((r) => r.description).join('; ')}. Proposing ${input.model} needs evidence until the basics work.`,
        { readiness: { ready: false, score: readiness.score, unmet: readiness.reasons.filter((r) => !r.met).map((r) => r.code) } },
      );
    }
  }
  return audited(dataSource, context, async ({ manager, record }) => {
    const { brand, capability } = await brandAndCapability(manager, context, input.brand, input.capability);
    await lockCell(manager, brand.id, capability.id);
    const assessment = await latestAssessment(manager, brand.id, capability.id);
    if (!assessment) {
      throw trellisError('ASSESSMENT_REQUIRED', `${capability.code} has not been assessed for ${brand.slug}: assessCapability first, then propose.`);
    }
    const recommended = recommend(scoresOf(assessment)).model;
    const isException = isExceptionTo(input.model, recommended);
    if (input.pilotId) {
      evidence.push(await pilotEvidence(manager, { pilotId: input.pilotId, brandId: brand.id, capabilityId: capability.id, capabilityCode: capability.code, model: input.model }));
    }
    if (isException && evidence.length === 0) {
      throw trellisError(
        'EVIDENCE_REQUIRED',
        `${input.model} differs from the recommendation (${recommended}) for ${capability.code} at ${brand.slug}: an exception needs at least one evidence item.`,
        { recommendedModel: recommended },
      );
    }
    const [{ max }] = await manager.query('SELECT coalesce(max(version), 0)::int AS max FROM operating_model_decision WHERE brand_id = $1 AND capability_id = $2', [
      brand.id,
      capability.id,
    ]);
    const decision = Object.assign(new DecisionEntity(), {
      id: randomUUID(),
      brandId: brand.id,
      capabilityId: capability.id,
      version: max + 1,
      model: input.model,
      status: 'PROPOSED',
      supersedesId: null,
      rationale,
      evidence,
      isException,
      recommendedModel: recommended,
      assessmentId: assessment.id,
      proposedBy: context.principal.sub,
      proposedAt: new Date(),
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      effectiveFrom: null,
      supersededAt: null,
      reviewDueAt: null,
      pilotId: input.pilotId ? input.pilotId.toLowerCase() : null,
    } satisfies DecisionEntity);
    await manager.insert(DecisionEntity, decision);
    record({
      action: 'decision.propose',
      subject: { type: 'OperatingModelDecision', id: decision.id, brandId: brand.id, capability: capability.code },
      after: {
        model: decision.model,
        status: decision.status,
        version: decision.version,
        isException,
        recommendedModel: recommended,
        ...(decision.pilotId ? { pilot: decision.pilotId } : {}),
        ...(readiness ? { readiness: { ready: readiness.ready, score: readiness.score } } : {}),
      },
      reason: rationale,
      evidence: evidence.length ? evidence : null,
    });
    return decision;
  });
}

/** The pending decision named by id, locked, with its cell locked too. */
async function pendingDecision(manager: EntityManager, context: AuditContext, id: string, verb: string): Promise<DecisionEntity> {
  const decisionId = requireUuid('id', id);
  const found = await manager.findOneBy(DecisionEntity, { id: decisionId });
  if (!found) throw notFound(`Decision ${decisionId}`);
  if (!mayAccessBrandId(context.principal, found.brandId)) throw forbiddenBrandError('This decision');
  await lockCell(manager, found.brandId, found.capabilityId);
  const decision = (await manager.findOne(DecisionEntity, { where: { id: decisionId }, lock: { mode: 'pessimistic_write' } }))!;
  if (decision.status !== 'PROPOSED') {
    throw trellisError('DECISION_ALREADY_DECIDED', `Decision ${decisionId} is ${decision.status}; only a PROPOSED decision can be ${verb}. Propose a new one instead.`, {
      status: decision.status,
    });
  }
  return decision;
}

async function capabilityCode(manager: EntityManager, capabilityId: string): Promise<string> {
  return (await manager.findOneByOrFail(CapabilityEntity, { id: capabilityId })).code;
}

export async function approveDecision(dataSource: DataSource, context: AuditContext, input: { id: string; note: string }): Promise<DecisionEntity> {
  const note = requireReason(input.note, 'note');
  return audited(dataSource, context, async (tx) => {
    const { manager, record } = tx;
    const decision = await pendingDecision(manager, context, input.id, 'approved');
    if (decision.isException && decision.proposedBy === context.principal.sub) {
      throw trellisError(
        'SEPARATION_OF_DUTIES',
        `${context.principal.sub} proposed this exception and cannot approve it: an exception needs an approver other than the proposer.`,
      );
    }
    const code = await capabilityCode(manager, decision.capabilityId);
    const now = new Date();
    const previous = await manager.findOne(DecisionEntity, {
      where: { brandId: decision.brandId, capabilityId: decision.capabilityId, status: 'APPROVED' },
      lock: { mode: 'pessimistic_write' },
    });
    if (previous) {
      await manager.update(DecisionEntity, { id: previous.id }, { status: 'SUPERSEDED', supersededAt: now });
      record({
        action: 'decision.supersede',
        subject: { type: 'OperatingModelDecision', id: previous.id, brandId: previous.brandId, capability: code },
        before: { status: 'APPROVED', model: previous.model },
        after: { status: 'SUPERSEDED', supersededBy: decision.id },
        reason: note,
      });
    }
    Object.assign(decision, {
      status: 'APPROVED',
      supersedesId: previous?.id ?? null,
      decidedBy: context.principal.sub,
      decidedAt: now,
      decisionNote: note,
      effectiveFrom: now,
      reviewDueAt: reviewDueFor(now),
    } satisfies Partial<DecisionEntity>);
    await manager.save(decision);
    record({
      subject: { type: 'OperatingModelDecision', id: decision.id, brandId: decision.brandId, capability: code },
      before: { status: 'PROPOSED', model: previous?.model ?? null },
      after: { status: 'APPROVED', model: decision.model, supersedes: previous?.id ?? null, reviewDueAt: decision.reviewDueAt!.toISOString(), isException: decision.isException },
      reason: note,
      evidence: decision.evidence.length ? decision.evidence : null,
    });
    await rolloutOnApproval(tx, { decision, previous, capabilityCode: code, now, reason: note });
    return decision;
  });
}

export async function rejectDecision(dataSource: DataSource, context: AuditContext, input: { id: string; reason: string }): Promise<DecisionEntity> {
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const decision = await pendingDecision(manager, context, input.id, 'rejected');
    Object.assign(decision, { status: 'REJECTED', decidedBy: context.principal.sub, decidedAt: new Date(), decisionNote: reason } satisfies Partial<DecisionEntity>);
    await manager.save(decision);
    record({
      subject: { type: 'OperatingModelDecision', id: decision.id, brandId: decision.brandId, capability: await capabilityCode(manager, decision.capabilityId) },
      before: { status: 'PROPOSED' },
      after: { status: 'REJECTED', model: decision.model },
      reason,
    });
    return decision;
  });
}
