import { Directive, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';
import { OperatingModelEnum } from '../decision/decision.type';

export enum RolloutStatusEnum {
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(RolloutStatusEnum, { name: 'RolloutStatus', description: 'SUPERSEDED when a later decision replaced the one being rolled out.' });

export enum RolloutPhaseNameEnum {
  DIAGNOSE = 'DIAGNOSE',
  DESIGN = 'DESIGN',
  PILOT = 'PILOT',
}
registerEnumType(RolloutPhaseNameEnum, { name: 'RolloutPhaseName', description: 'The phases of a rollout, due 30, 60 and 90 days after the approval.' });

@ObjectType({ description: 'A condition a phase needs, checked from data.' })
@Owner('portfolio-office')
export class PhaseGate {
  @Field() code: string;
  @Field() met: boolean;
  @Field() description: string;
}

@ObjectType({ description: 'One phase of a rollout: due date, gates, completion.' })
@Owner('portfolio-office')
@BrandScoped('brandId')
export class RolloutPhase {
  @Field(() => RolloutPhaseNameEnum) phase: string;
  @Field(() => Int) position: number;
  @Field(() => GraphQLISODateTime) dueAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) completedAt: Date | null;
  @Field(() => String, { nullable: true }) completedBy: string | null;
  @Field({ description: 'Not complete and past its due date.' }) overdue: boolean;

  brandId: string;
  rolloutId: string;
  storedGates: { code: string; met: boolean; description: string }[] | null;
}

@ObjectType()
@Owner('portfolio-office')
export class Responsibility {
  @Field() activity: string;
  @Field({ description: 'Who does it: a team, a role, a partner.' }) owner: string;
}

@ObjectType()
@Owner('portfolio-office')
export class RolloutKpi {
  @Field() kpi: string;
  @Field(() => Float) target: number;
  @Field(() => String, { nullable: true }) unit: string | null;
}

@ObjectType()
@Owner('portfolio-office')
export class RolloutEscalationStep {
  @Field(() => Int) level: number;
  @Field() role: string;
  @Field(() => Int) responseHours: number;
}

@ObjectType({ description: 'The control model the new operating model runs under: responsibilities, KPIs, escalation path.' })
@Owner('portfolio-office')
export class RolloutDesign {
  @Field(() => [Responsibility]) responsibilities: Responsibility[];
  @Field(() => [RolloutKpi]) kpis: RolloutKpi[];
  @Field(() => [RolloutEscalationStep]) escalationPath: RolloutEscalationStep[];
  @Field() recordedBy: string;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
}

@ObjectType({ description: 'The move of a capability to a new operating model after an approved decision changed who runs it: DIAGNOSE, DESIGN, PILOT in 30-60-90.' })
@Directive('@key(fields: "id")')
@Owner('portfolio-office')
@BrandScoped('brandId')
export class Rollout {
  @Field(() => ID) id: string;
  @Field(() => OperatingModelEnum) fromModel: string;
  @Field(() => OperatingModelEnum) toModel: string;
  @Field(() => RolloutStatusEnum) status: string;
  @Field(() => GraphQLISODateTime) openedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) closedAt: Date | null;

  brandId: string;
  capabilityId: string;
  decisionId: string;
}

@InputType()
export class ResponsibilityInput {
  @Field() activity: string;
  @Field() owner: string;
}

@InputType()
export class RolloutKpiInput {
  @Field() kpi: string;
  @Field(() => Float) target: number;
  @Field(() => String, { nullable: true }) unit?: string | null;
}

@InputType()
export class RolloutEscalationStepInput {
  @Field(() => Int) level: number;
  @Field() role: string;
  @Field(() => Int) responseHours: number;
}

@InputType()
export class RolloutDesignInput {
  @Field(() => [ResponsibilityInput]) responsibilities: ResponsibilityInput[];
  @Field(() => [RolloutKpiInput]) kpis: RolloutKpiInput[];
  @Field(() => [RolloutEscalationStepInput]) escalationPath: RolloutEscalationStepInput[];
}
