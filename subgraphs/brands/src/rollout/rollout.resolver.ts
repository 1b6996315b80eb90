import { Arg, Ctx, FieldResolver, GraphQLISODateTime, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isUuid } from '../../../../shared/src/errors';
import { checkPageSize } from '../../../../shared/src/graphql/cursor';
import { Audited, BrandsOf, ListSize, Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import { Capability } from '../capability/capability.type';
import type { BrandsContext } from '../context';
import { OperatingModelDecision } from '../decision/decision.type';
import { isPhaseOverdue, phaseGates, type PhaseName } from './phase-gates';
import { RolloutEntity, RolloutPhaseEntity, type RolloutStatus } from './rollout.entity';
import { completePhase, gateFacts, recordRolloutDesign } from './rollout.service';
import { PhaseGate, Rollout, RolloutDesign, RolloutDesignInput, RolloutPhase, RolloutPhaseNameEnum, RolloutStatusEnum } from './rollout.type';

export function toPhase(p: RolloutPhaseEntity, brandId: string, now = new Date()): RolloutPhase {
  return {
    brandId,
    rolloutId: p.rolloutId,
    phase: p.phase,
    position: p.position,
    dueAt: p.dueAt,
    completedAt: p.completedAt,
    completedBy: p.completedBy,
    overdue: isPhaseOverdue(p, now),
    storedGates: p.gates,
  };
}

@Resolver(() => Rollout)
export class RolloutResolver {
  @Mutation(() => Rollout, { description: 'Records the control model of the new operating model — responsibilities, KPIs, escalation path — for the DESIGN phase.' })
  @Owner('portfolio-office')
  @Audited('rollout.design')
  @RequiresScopes(['portfolio:write'])
  @BrandsOf('Rollout', 'rolloutId')
  recordRolloutDesign(
    @Arg('rolloutId', () => ID) rolloutId: string,
    @Arg('design') design: RolloutDesignInput,
    @Arg('reason') reason: string,
    @Ctx() context: BrandsContext,
  ): Promise<Rollout> {
    return recordRolloutDesign(context.dataSource, context, { rolloutId, design, reason });
  }

  @Mutation(() => Rollout, { description: 'Completes the rollout’s next phase; refused naming every unmet gate (PHASE_GATE_UNMET). Completing PILOT completes the rollout.' })
  @Owner('portfolio-office')
  @Audited('rollout.phase.complete')
  @RequiresScopes(['portfolio:write'])
  @BrandsOf('Rollout', 'rolloutId')
  completePhase(
    @Arg('rolloutId', () => ID) rolloutId: string,
    @Arg('phase', () => RolloutPhaseNameEnum) phase: PhaseName,
    @Arg('reason') reason: string,
    @Ctx() context: BrandsContext,
  ): Promise<Rollout> {
    return completePhase(context.dataSource, context.services.facts, context, { rolloutId, phase, reason });
  }

  @Query(() => Rollout, { nullable: true })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  rollout(@Arg('id', () => ID) id: string, @Ctx() { loaders }: BrandsContext): Promise<Rollout | null> {
    return isUuid(id) ? loaders.rollout.byId.load(id.toLowerCase()) : Promise.resolve(null);
  }

  @Query(() => [Rollout], { description: 'Rollouts of the brands you may see (of one status, or all), newest first.' })
  @Owner('portfolio-office')
  @ListSize({ slicingArguments: ['first'] })
  @RequiresScopes(['catalog:read'])
  async rollouts(
    @Ctx() { dataSource, principal }: BrandsContext,
    @Arg('status', () => RolloutStatusEnum, { nullable: true }) status?: RolloutStatus | null,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
  ): Promise<Rollout[]> {
    checkPageSize(first, 500);
    const query = dataSource.getRepository(RolloutEntity).createQueryBuilder('r').orderBy('r.opened_at', 'DESC').addOrderBy('r.id').limit(first);
    if (status) query.where('r.status = :status', { status });
    if (principal.brandIds !== '*') query.andWhere('r.brand_id = ANY(:brandIds)', { brandIds: principal.brandIds });
    return query.getMany();
  }

  @Query(() => [RolloutPhase], { description: 'Rollout phases not complete and due before the given instant (default: now: the overdue ones), soonest first — with the reviews due.' })
  @Owner('portfolio-office')
  @ListSize({ slicingArguments: ['first'] })
  @RequiresScopes(['catalog:read'])
  async rolloutPhasesDue(
    @Ctx() { dataSource, principal }: BrandsContext,
    @Arg('before', () => GraphQLISODateTime, { nullable: true }) before?: Date | null,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
  ): Promise<RolloutPhase[]> {
    checkPageSize(first, 500);
    const rows: (RolloutPhaseEntity & { brandId: string })[] = (
      await dataSource.query(
        `SELECT p.rollout_id, p.phase, p.position, p.due_at, p.completed_at, p.completed_by, p.gates, r.brand_id
           FROM rollout_phase p JOIN rollout r ON r.id = p.rollout_id
          WHERE r.status = 'IN_PROGRESS' AND p.completed_at IS NULL AND p.due_at < $1 ${principal.brandIds === '*' ? '' : 'AND r.brand_id = ANY($3)'}
          ORDER BY p.due_at, p.rollout_id LIMIT $2`,
        principal.brandIds === '*' ? [before ?? new Date(), first] : [before ?? new Date(), first, principal.brandIds],
      )
    ).map((r: Record<string, any>) => ({
      rolloutId: r.rollout_id,
      phase: r.phase,
      position: r.position,
      dueAt: r.due_at,
      completedAt: r.completed_at,
      completedBy: r.completed_by,
      gates: r.gates,
      brandId: r.brand_id,
    }));
    return rows.map((p) => toPhase(p, p.brandId));
  }

  @FieldResolver(() => Brand)
  async brand(@Root() r: Rollout, @Ctx() { loaders }: BrandsContext): Promise<Brand> {
    return (await loaders.brand.byId.load(r.brandId))!;
  }

  @FieldResolver(() => Capability)
  async capability(@Root() r: Rollout, @Ctx() { loaders }: BrandsContext): Promise<Capability> {
    return (await loaders.capability.byId.load(r.capabilityId))!;
  }

  @FieldResolver(() => OperatingModelDecision, { description: 'The approved decision being rolled out.' })
  async decision(@Root() r: Rollout, @Ctx() { loaders }: BrandsContext): Promise<OperatingModelDecision> {
    return (await loaders.decision.byId.load(r.decisionId))!;
  }

  @FieldResolver(() => [RolloutPhase], { description: 'DIAGNOSE, DESIGN, PILOT.' })
  async phases(@Root() r: Rollout, @Ctx() { loaders }: BrandsContext): Promise<RolloutPhase[]> {
    return (await loaders.rollout.phases.load(r.id)).map((p) => toPhase(p, r.brandId));
  }

  @FieldResolver(() => RolloutPhaseNameEnum, { nullable: true, description: 'The phase to complete next; null when the rollout is closed.' })
  async currentPhase(@Root() r: Rollout, @Ctx() { loaders }: BrandsContext): Promise<string | null> {
    if (r.status !== 'IN_PROGRESS') return null;
    return (await loaders.rollout.phases.load(r.id)).find((p) => !p.completedAt)?.phase ?? null;
  }

  @FieldResolver(() => RolloutDesign, { nullable: true, description: 'The control model recorded for the DESIGN phase.' })
  async design(@Root() r: Rollout, @Ctx() { loaders }: BrandsContext): Promise<RolloutDesign | null> {
    const design = (await loaders.rollout.byId.load(r.id))?.design;
    return design ? { ...design, recordedAt: new Date(design.recordedAt) } : null;
  }
}

@Resolver(() => RolloutPhase)
export class RolloutPhaseResolver {
  @FieldResolver(() => [PhaseGate], { description: 'The gates as met when the phase completed; for an open phase, as they stand now (checked from data).' })
  async gates(@Root() p: RolloutPhase, @Ctx() { loaders, services, dataSource }: BrandsContext): Promise<PhaseGate[]> {
    if (p.storedGates) return p.storedGates;
    const rollout = (await loaders.rollout.byId.load(p.rolloutId))!;
    return phaseGates(p.phase as PhaseName, await gateFacts(dataSource.manager, services.facts, rollout));
  }

  @FieldResolver(() => Rollout)
  async rollout(@Root() p: RolloutPhase, @Ctx() { loaders }: BrandsContext): Promise<Rollout> {
    return (await loaders.rollout.byId.load(p.rolloutId))!;
  }
}

@Resolver(() => Brand)
export class BrandRolloutResolver {
  @FieldResolver(() => [Rollout], { description: 'The brand’s rollouts (of one status, or all), newest first.' })
  @Owner('portfolio-office')
  rollouts(@Root() brand: Brand, @Ctx() { loaders }: BrandsContext, @Arg('status', () => RolloutStatusEnum, { nullable: true }) status?: RolloutStatus | null) {
    return loaders.rollout.byBrand.load({ brandId: brand.id, status: status ?? null });
  }
}

@Resolver(() => OperatingModelDecision)
export class DecisionRolloutResolver {
  @FieldResolver(() => Rollout, { nullable: true, description: 'The rollout this decision opened, when it changed who runs the capability.' })
  rollout(@Root() d: OperatingModelDecision, @Ctx() { loaders }: BrandsContext): Promise<Rollout | null> {
    return loaders.rollout.byDecision.load(d.id);
  }
}

export const rolloutReference = {
  __resolveReference: (ref: { id: string }, { loaders }: BrandsContext) => loaders.rollout.byId.load(ref.id),
};
