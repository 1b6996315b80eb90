import { DateResolver } from 'graphql-scalars';
import { Directive, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';
import { OperatingModelEnum, RecommendationSensitivity } from '../decision/decision.type';

export enum PilotStatusEnum {
  PLANNED = 'PLANNED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  ABANDONED = 'ABANDONED',
}
registerEnumType(PilotStatusEnum, { name: 'PilotStatus' });

export enum PilotOutcomeEnum {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  ABANDONED = 'ABANDONED',
}
registerEnumType(PilotOutcomeEnum, { name: 'PilotOutcome', description: 'How a pilot ends: SUCCEEDED or FAILED as its measurements say, or ABANDONED.' });

export enum PilotVerdictEnum {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  INCONCLUSIVE = 'INCONCLUSIVE',
}
registerEnumType(PilotVerdictEnum, { name: 'PilotVerdict', description: 'What the measurements say against the targets; INCONCLUSIVE while a metric is unmeasured.' });

export enum MetricDirectionEnum {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
}
registerEnumType(MetricDirectionEnum, { name: 'MetricDirection' });

@ObjectType({ description: 'The boundary a pilot runs in: the regions, channels or SKUs it covers (every part it sets must hold).' })
@Owner('portfolio-office')
export class PilotScope {
  @Field(() => [String]) regions: string[];
  @Field(() => [String]) channels: string[];
  @Field(() => [ID]) skuIds: string[];
}

@ObjectType({ description: 'A success metric, fixed before the pilot starts.' })
@Owner('portfolio-office')
export class PilotMetricType {
  @Field({ description: 'UPPER_SNAKE name, e.g. COST_PER_ORDER.' }) metric: string;
  @Field(() => Float) baseline: number;
  @Field(() => Float) target: number;
  @Field(() => MetricDirectionEnum) direction: string;
  @Field({ description: 'Where the measurements come from.' }) dataSource: string;
}

@ObjectType({ description: 'One measurement of a metric during the pilot.' })
@Owner('portfolio-office')
@BrandScoped('brandId')
export class PilotMeasurement {
  @Field(() => ID) id: string;
  @Field() metric: string;
  @Field(() => Float) value: number;
  @Field(() => GraphQLISODateTime) measuredAt: Date;
  @Field() source: string;
  @Field() recordedBy: string;
  @Field(() => GraphQLISODateTime) recordedAt: Date;

  brandId: string;
}

@ObjectType({ description: 'A metric’s latest measurement against its target.' })
@Owner('portfolio-office')
export class PilotMetricResult {
  @Field() metric: string;
  @Field(() => Float) baseline: number;
  @Field(() => Float) target: number;
  @Field(() => MetricDirectionEnum) direction: string;
  @Field(() => Float, { nullable: true }) latest: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) measuredAt: Date | null;
  @Field(() => Int) measurements: number;
  @Field(() => Boolean, { nullable: true, description: 'null while unmeasured.' }) met: boolean | null;
}

@ObjectType({ description: 'The measurements against the targets: the outcome follows from it (docs/lifecycle.md).' })
@Owner('portfolio-office')
export class PilotEvaluationType {
  @Field(() => PilotVerdictEnum) verdict: string;
  @Field(() => [PilotMetricResult]) metrics: PilotMetricResult[];
  @Field(() => Int) metCount: number;
  @Field(() => Int) measuredCount: number;
}

@ObjectType({ description: 'A time-boxed trial of an operating model for a brand × capability, within a boundary, judged by metrics fixed in advance.' })
@Directive('@key(fields: "id")')
@Owner('portfolio-office')
@BrandScoped('brandId')
export class Pilot {
  @Field(() => ID) id: string;
  @Field(() => OperatingModelEnum, { description: 'The model on trial.' }) model: string;
  @Field(() => OperatingModelEnum, { nullable: true, description: 'The model in effect when the pilot was planned.' }) baselineModel: string | null;
  @Field() hypothesis: string;
  @Field(() => PilotScope) scope: PilotScope;
  @Field(() => [PilotMetricType]) metrics: PilotMetricType[];
  @Field(() => DateResolver) startsOn: string;
  @Field(() => DateResolver) endsOn: string;
  @Field(() => PilotStatusEnum) status: string;
  @Field() plannedBy: string;
  @Field(() => GraphQLISODateTime) plannedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) concludedAt: Date | null;
  @Field(() => String, { nullable: true }) concludedBy: string | null;
  @Field(() => String, { nullable: true }) conclusionReason: string | null;

  brandId: string;
  capabilityId: string;
}

@ObjectType({ description: 'A brand × capability whose model is in doubt, where a pilot would teach most (docs/lifecycle.md).' })
@Owner('portfolio-office')
@BrandScoped('brandId')
export class PilotCandidateType {
  @Field(() => OperatingModelEnum, { nullable: true }) currentModel: string | null;
  @Field(() => OperatingModelEnum, { nullable: true }) recommendedModel: string | null;
  @Field(() => OperatingModelEnum, { description: 'The model to trial.' }) suggestedModel: string;
  @Field(() => [String], { description: 'PENDING_EXCEPTION, EXCEPTION_IN_EFFECT, BORDERLINE, REVIEW_OVERDUE.' }) reasons: string[];
  @Field(() => [RecommendationSensitivity]) flipsWith: RecommendationSensitivity[];
  @Field(() => Float) score: number;
  @Field(() => Int, { description: '1 = the best place to pilot next.' }) rank: number;

  brandId: string;
  capabilityId: string;
}

@InputType()
export class PilotScopeInput {
  @Field(() => [String], { defaultValue: [] }) regions: string[];
  @Field(() => [String], { defaultValue: [] }) channels: string[];
  @Field(() => [ID], { defaultValue: [] }) skuIds: string[];
}

@InputType()
export class PilotMetricInput {
  @Field() metric: string;
  @Field(() => Float) baseline: number;
  @Field(() => Float) target: number;
  @Field(() => MetricDirectionEnum) direction: `${MetricDirectionEnum}`;
  @Field() dataSource: string;
}

@InputType()
export class PlanPilotInput {
  @Field({ description: 'Brand slug.' }) brand: string;
  @Field({ description: 'Capability code.' }) capability: string;
  @Field(() => OperatingModelEnum, { description: 'The model to trial.' }) model: `${OperatingModelEnum}`;
  @Field({ description: 'What the pilot should show; kept in the ledger.' }) hypothesis: string;
  @Field(() => PilotScopeInput, { description: 'The boundary: at least one region, channel or SKU — never the whole brand.' }) scope: PilotScopeInput;
  @Field(() => [PilotMetricInput], { description: 'Success metrics, fixed once the pilot starts.' }) metrics: PilotMetricInput[];
  @Field(() => DateResolver) startsOn: string;
  @Field(() => DateResolver) endsOn: string;
}

@InputType()
export class RecordPilotMeasurementInput {
  @Field(() => ID) pilotId: string;
  @Field({ description: 'One of the pilot’s metrics.' }) metric: string;
  @Field(() => Float) value: number;
  @Field(() => String, { nullable: true, description: 'Default: the metric’s data source.' }) source?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was measured; default now.' }) measuredAt?: Date | null;
}
