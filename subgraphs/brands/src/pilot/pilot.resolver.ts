import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isUuid } from '../../../../shared/src/errors';
import { checkPageSize } from '../../../../shared/src/graphql/cursor';
import { Audited, BrandScoped, BrandsOf, ListSize, Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import { Capability } from '../capability/capability.type';
import type { BrandsContext } from '../context';
import { OperatingModelDecision } from '../decision/decision.type';
import { PilotEntity, type PilotStatus } from './pilot.entity';
import { evaluatePilot } from './pilot-outcome';
import { pilotCandidatesFor } from './pilot-candidates.view';
import { concludePilot, planPilot, recordPilotMeasurement, revisePilotMetrics, startPilot } from './pilot.service';
import {
  Pilot,
  PilotCandidateType,
  PilotEvaluationType,
  PilotMeasurement,
  PilotMetricInput,
  PilotOutcomeEnum,
  PilotStatusEnum,
  PlanPilotInput,
  RecordPilotMeasurementInput,
} from './pilot.type';

@Resolver(() => Pilot)
export class PilotResolver {
  @Mutation(() => Pilot, { description: 'Plans a pilot of a model for a brand × capability, within a boundary, with success metrics fixed before it starts.' })
  @Owner('portfolio-office')
  @Audited('pilot.plan')
  @RequiresScopes(['pilots:write'])
  @BrandScoped('input.brand')
  planPilot(@Arg('input') input: PlanPilotInput, @Ctx() context: BrandsContext): Promise<Pilot> {
    return planPilot(context.dataSource, context, input);
  }

  @Mutation(() => Pilot, { description: 'Changes a planned pilot’s success metrics; refused once it has started (PILOT_TARGETS_LOCKED).' })
  @Owner('portfolio-office')
  @Audited('pilot.revise')
  @RequiresScopes(['pilots:write'])
  @BrandsOf('Pilot', 'id')
  revisePilotMetrics(
    @Arg('id', () => ID) id: string,
    @Arg('metrics', () => [PilotMetricInput]) metrics: PilotMetricInput[],
    @Arg('reason') reason: string,
    @Ctx() context: BrandsContext,
  ): Promise<Pilot> {
    return revisePilotMetrics(context.dataSource, context, { id, metrics, reason });
  }

  @Mutation(() => Pilot, { description: 'Starts a planned pilot: from now its success metrics and targets are fixed.' })
  @Owner('portfolio-office')
  @Audited('pilot.start')
  @RequiresScopes(['pilots:write'])
  @BrandsOf('Pilot', 'id')
  startPilot(@Arg('id', () => ID) id: string, @Ctx() context: BrandsContext, @Arg('reason', () => String, { nullable: true }) reason?: string | null): Promise<Pilot> {
    return startPilot(context.dataSource, context, { id, reason });
  }

  @Mutation(() => Pilot, { description: 'Records a measurement of one of a running pilot’s metrics.' })
  @Owner('portfolio-office')
  @Audited('pilot.measure')
  @RequiresScopes(['pilots:write'])
  @BrandsOf('Pilot', 'input.pilotId')
  recordPilotMeasurement(@Arg('input') input: RecordPilotMeasurementInput, @Ctx() context: BrandsContext): Promise<Pilot> {
    return recordPilotMeasurement(context.dataSource, context, input);
  }

  @Mutation(() => Pilot, {
    description: 'Ends a pilot: SUCCEEDED or FAILED only as its measurements against the targets say (PILOT_OUTCOME_MISMATCH otherwise), or ABANDONED.',
  })
  @Owner('portfolio-office')
  @Audited('pilot.conclude')
  @RequiresScopes(['pilots:write'])
  @BrandsOf('Pilot', 'id')
  concludePilot(
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => PilotOutcomeEnum) outcome: `${PilotOutcomeEnum}`,
    @Arg('reason') reason: string,
    @Ctx() context: BrandsContext,
  ): Promise<Pilot> {
    return concludePilot(context.dataSource, context, { id, outcome, reason });
  }

  @Query(() => Pilot, { nullable: true })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  pilot(@Arg('id', () => ID) id: string, @Ctx() { loaders }: BrandsContext): Promise<Pilot | null> {
    return isUuid(id) ? loaders.pilot.byId.load(id.toLowerCase()) : Promise.resolve(null);
  }

  @Query(() => [Pilot], { description: 'Pilots of the brands you may see (of one status, or all), newest first.' })
  @Owner('portfolio-office')
  @ListSize({ slicingArguments: ['first'] })
  @RequiresScopes(['catalog:read'])
  async pilots(
    @Ctx() { dataSource, principal }: BrandsContext,
    @Arg('status', () => PilotStatusEnum, { nullable: true }) status?: PilotStatus | null,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
  ): Promise<Pilot[]> {
    checkPageSize(first, 500);
    const query = dataSource.getRepository(PilotEntity).createQueryBuilder('p').orderBy('p.planned_at', 'DESC').addOrderBy('p.id').limit(first);
    if (status) query.where('p.status = :status', { status });
    if (principal.brandIds !== '*') query.andWhere('p.brand_id = ANY(:brandIds)', { brandIds: principal.brandIds });
    return query.getMany();
  }

  @Query(() => [PilotCandidateType], { description: 'Where to pilot next: borderline cells and open exceptions of your brands, ranked (docs/lifecycle.md).' })
  @Owner('portfolio-office')
  @ListSize({ slicingArguments: ['first'] })
  @RequiresScopes(['catalog:read'])
  async pilotCandidates(@Ctx() context: BrandsContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<PilotCandidateType[]> {
    checkPageSize(first, 500);
    return (await pilotCandidatesFor(context)).slice(0, first).map((c, i) => ({ ...c, flipsWith: [...c.flipsWith], rank: i + 1 }));
  }

  @FieldResolver(() => Brand)
  async brand(@Root() p: Pilot, @Ctx() { loaders }: BrandsContext): Promise<Brand> {
    return (await loaders.brand.byId.load(p.brandId))!;
  }

  @FieldResolver(() => Capability)
  async capability(@Root() p: Pilot, @Ctx() { loaders }: BrandsContext): Promise<Capability> {
    return (await loaders.capability.byId.load(p.capabilityId))!;
  }

  @FieldResolver(() => [PilotMeasurement], { description: 'In the order they were recorded.' })
  measurements(@Root() p: Pilot, @Ctx() { loaders }: BrandsContext) {
    return loaders.pilot.measurements.load(p.id);
  }

  @FieldResolver(() => PilotEvaluationType, { description: 'The measurements against the targets: as concluded for a concluded pilot, as they stand now otherwise.' })
  async evaluation(@Root() p: Pilot & { evaluation?: PilotEntity['evaluation'] }, @Ctx() { loaders }: BrandsContext): Promise<PilotEvaluationType> {
    if (p.evaluation) return p.evaluation;
    const pilot = (await loaders.pilot.byId.load(p.id))!;
    return pilot.evaluation ?? evaluatePilot(pilot.metrics, await loaders.pilot.measurements.load(p.id));
  }
}

@Resolver(() => PilotCandidateType)
export class PilotCandidateResolver {
  @FieldResolver(() => Brand)
  async brand(@Root() c: PilotCandidateType, @Ctx() { loaders }: BrandsContext): Promise<Brand> {
    return (await loaders.brand.byId.load(c.brandId))!;
  }

  @FieldResolver(() => Capability)
  async capability(@Root() c: PilotCandidateType, @Ctx() { loaders }: BrandsContext): Promise<Capability> {
    return (await loaders.capability.byId.load(c.capabilityId))!;
  }
}

@Resolver(() => Brand)
export class BrandPilotResolver {
  @FieldResolver(() => [Pilot], { description: 'The brand’s pilots (of one status, or all), newest first.' })
  @Owner('portfolio-office')
  pilots(@Root() brand: Brand, @Ctx() { loaders }: BrandsContext, @Arg('status', () => PilotStatusEnum, { nullable: true }) status?: PilotStatus | null) {
    return loaders.pilot.byBrand.load({ brandId: brand.id, status: status ?? null });
  }
}

@Resolver(() => OperatingModelDecision)
export class DecisionPilotResolver {
  @FieldResolver(() => Pilot, { nullable: true, description: 'The concluded pilot the proposal cited as evidence.' })
  pilot(@Root() d: OperatingModelDecision, @Ctx() { loaders }: BrandsContext): Promise<Pilot | null> | null {
    return d.pilotId ? loaders.pilot.byId.load(d.pilotId) : null;
  }
}

export const pilotReference = {
  __resolveReference: (ref: { id: string }, { loaders }: BrandsContext) => loaders.pilot.byId.load(ref.id),
};
