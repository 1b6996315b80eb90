import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { BrandScoped, Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';
import { Kpi, KpiDirection } from '../contract/contract.type';

export enum SeverityEnum {
  MINOR = 'MINOR',
  MAJOR = 'MAJOR',
  CRITICAL = 'CRITICAL',
}
registerEnumType(SeverityEnum, { name: 'BreachSeverity', description: 'By shortfall against target: up to 2 % MINOR, up to 10 % MAJOR, beyond CRITICAL.' });

export enum BreachStatusEnum {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}
registerEnumType(BreachStatusEnum, { name: 'BreachStatus' });

export enum TrendEnum {
  IMPROVING = 'IMPROVING',
  STABLE = 'STABLE',
  WORSENING = 'WORSENING',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(TrendEnum, { name: 'Trend' });

@ObjectType({ description: 'One KPI of a scorecard.' })
@Owner('partner-management')
export class KpiAttainment {
  @Field(() => Kpi) kpi: string;

  @Field(() => Float, { nullable: true, description: 'Commercial terms: the contract’s target.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  target: number;

  @Field(() => Float) actual: number;
  @Field(() => KpiDirection) direction: string;
  @Field(() => Float, { nullable: true, description: '0–1; 1 = target met. Commercial terms: with the actual it gives the target away.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  attainment: number;

  @Field() met: boolean;

  @Field(() => Float, { nullable: true, description: 'Commercial terms: the contract’s weight for this KPI.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  weight: number;
}

@ObjectType({ description: 'A contract’s performance in one period: attainment per KPI and the weighted score.' })
@Owner('partner-management')
@BrandScoped('brandId')
export class Scorecard {
  @Field(() => ID) id: string;
  @Field({ description: 'The month, YYYY-MM.' }) period: string;
  @Field(() => Int, { description: 'Re-recording a period makes a new version; earlier ones stay as history.' }) version: number;
  @Field({ description: 'False for a version replaced by a later recording.' }) current: boolean;
  @Field(() => Float, { nullable: true, description: '0–1. Commercial terms: weighted by the contract’s KPI weights.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  weightedScore: number;

  @Field(() => [KpiAttainment]) kpis: KpiAttainment[];
  @Field() recordedBy: string;
  @Field(() => GraphQLISODateTime) recordedAt: Date;

  brandId: string;
  contractId: string;
  partnerId: string;
}

@ObjectType({ description: 'A partner’s score for its latest recorded period, across its contracts.' })
@Owner('partner-management')
export class PartnerScorecard {
  @Field() period: string;
  @Field(() => Float, { nullable: true, description: 'Mean of the weighted scores of the contracts you may see, for the period. Commercial terms.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  weightedScore: number;
  @Field(() => [Scorecard]) scorecards: Scorecard[];
}

@ObjectType({ description: 'A KPI below target in a period, to be cured by a date, escalated along the contract.' })
@Owner('partner-management')
@BrandScoped('brandId')
export class Breach {
  @Field(() => ID) id: string;
  @Field() period: string;
  @Field(() => Kpi) kpi: string;

  @Field(() => Float, { nullable: true, description: 'Commercial terms: the contract’s target.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  target: number;

  @Field(() => Float) actual: number;
  @Field(() => KpiDirection) direction: string;
  @Field(() => SeverityEnum) severity: string;
  @Field(() => GraphQLISODateTime) cureDueAt: Date;
  @Field(() => Int) escalationLevel: number;
  @Field(() => BreachStatusEnum) status: string;
  @Field(() => GraphQLISODateTime) openedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt: Date | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'How it was resolved: reason, evidence, by whom.' }) resolution: unknown;

  brandId: string;
  contractId: string;
  partnerId: string;
}

@ObjectType({ description: 'A partner’s place in the portfolio’s risk ranking.' })
@Owner('partner-management')
export class PartnerRisk {
  @Field(() => Int, { description: '1 = riskiest.' }) rank: number;
  @Field(() => Int) openBreaches: number;
  @Field(() => Int) criticalBreaches: number;
  @Field(() => Int, { description: 'Open breaches weighted by severity: CRITICAL 5, MAJOR 3, MINOR 1.' }) severityScore: number;
  @Field(() => Float, { nullable: true, description: 'The latest period’s weighted score. Commercial terms.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  latestScore: number | null;
  @Field(() => TrendEnum, { description: 'Latest period against the one before.' }) trend: string;

  partnerId: string;
}

@InputType()
export class KpiActualInput {
  @Field(() => Kpi) kpi: `${Kpi}`;
  @Field(() => Float, { description: 'Rates 0–1; DOCK_TO_STOCK_HOURS in hours.' }) value: number;
}

@InputType()
export class BreachEvidenceInput {
  @Field() description: string;
  @Field() source: string;
}

@ObjectType({ description: 'How a brand’s partners performed in a period: the mean of the actuals its contracts reported.' })
@Owner('partner-management')
export class PartnerPerformance {
  @Field(() => String, { nullable: true, description: 'The month, YYYY-MM; null when no contract of the brand has reported yet.' }) period: string | null;
  @Field(() => Float, { nullable: true, description: 'Mean INVENTORY_ACCURACY reported, 0–1.' }) inventoryAccuracy: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean FILL_RATE reported, 0–1.' }) fillRate: number | null;
  @Field(() => Int, { description: 'Contracts of the brand that reported for the period.' }) contractsReporting: number;
}
