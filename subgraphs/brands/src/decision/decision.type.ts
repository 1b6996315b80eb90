import { Directive, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

export enum OperatingModelEnum {
  OPERATE = 'OPERATE',
  ORCHESTRATE = 'ORCHESTRATE',
  FEDERATE = 'FEDERATE',
  PARTNER = 'PARTNER',
}
registerEnumType(OperatingModelEnum, {
  name: 'OperatingModel',
  description: 'Who runs a capability for a brand.',
  valuesConfig: {
    OPERATE: { description: 'The brand operates its own node.' },
    ORCHESTRATE: { description: 'The platform orchestrates a shared service.' },
    FEDERATE: { description: 'Shared standards; the brand extends within guardrails.' },
    PARTNER: { description: 'A partner runs it under contract.' },
  },
});

export enum DecisionStatusEnum {
  PROPOSED = 'PROPOSED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(DecisionStatusEnum, { name: 'DecisionStatus' });

export enum EvidenceKindEnum {
  INCREMENTAL_REVENUE = 'INCREMENTAL_REVENUE',
  CONVERSION_LIFT = 'CONVERSION_LIFT',
  RISK_REDUCTION = 'RISK_REDUCTION',
  STRATEGIC_DIFFERENTIATION = 'STRATEGIC_DIFFERENTIATION',
  PILOT_RESULT = 'PILOT_RESULT',
}
registerEnumType(EvidenceKindEnum, { name: 'EvidenceKind', description: 'What a piece of evidence measures.' });

@ObjectType({ description: 'One input’s part in a recommendation.' })
@Owner('portfolio-office')
export class RecommendationContribution {
  @Field({ description: 'The score it comes from, e.g. "differentiation".' })
  input: string;

  @Field(() => Int)
  score: number;

  @Field({ description: 'LOCAL, CENTRAL or PARTNER_FIT; GATE for platformMaturity, which decides what is allowed.' })
  pull: string;

  @Field(() => Float)
  weight: number;

  @Field(() => Float)
  contribution: number;
}

@ObjectType({ description: 'A rule of the framework that applied.' })
@Owner('portfolio-office')
export class RecommendationRule {
  @Field()
  code: string;

  @Field()
  description: string;
}

@ObjectType({ description: 'A one-point change of one score that would change the recommended model.' })
@Owner('portfolio-office')
export class RecommendationSensitivity {
  @Field()
  input: string;

  @Field(() => Int)
  score: number;

  @Field(() => OperatingModelEnum)
  model: string;
}

@ObjectType({ description: 'What the framework recommends for a brand × capability, and why (see docs/operating-model.md).' })
@Owner('portfolio-office')
export class Recommendation {
  @Field(() => OperatingModelEnum)
  model: string;

  @Field(() => Float, { description: 'Pull toward operating locally, 0–1.' })
  localPull: number;

  @Field(() => Float, { description: 'Pull toward a shared service, 0–1.' })
  centralPull: number;

  @Field(() => Float, { description: 'How safely a partner could run it, 0–1.' })
  partnerFit: number;

  @Field(() => [RecommendationContribution])
  contributions: RecommendationContribution[];

  @Field(() => [RecommendationRule])
  rulesFired: RecommendationRule[];

  @Field({ description: 'True when moving one score by one point would change the model.' })
  borderline: boolean;

  @Field(() => [RecommendationSensitivity])
  flipsWith: RecommendationSensitivity[];
}

@ObjectType({ description: 'Scores for a brand × capability, 1 (low) to 5 (high). The latest is current.' })
@Owner('portfolio-office')
@BrandScoped('brandId')
export class CapabilityAssessment {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  differentiation: number;

  @Field(() => Int)
  risk: number;

  @Field(() => Int)
  reusePotential: number;

  @Field(() => Int)
  demandVolatility: number;

  @Field(() => Int)
  processCommonality: number;

  @Field(() => Int)
  platformMaturity: number;

  @Field()
  assessor: string;

  @Field(() => String, { nullable: true })
  notes: string | null;

  @Field(() => GraphQLISODateTime)
  assessedAt: Date;

  brandId: string;
  capabilityId: string;
}

@ObjectType({ description: 'A measured fact offered in support of a decision.' })
@Owner('portfolio-office')
export class EvidenceItemType {
  @Field(() => EvidenceKindEnum)
  kind: string;

  @Field(() => Float)
  measuredValue: number;

  @Field(() => String, { nullable: true, description: 'e.g. "EUR/year", "%", "incidents/quarter".' })
  unit: string | null;

  @Field({ description: 'Where the number comes from.' })
  source: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType({ description: 'Who runs a capability for a brand, as decided: proposed, approved or rejected, versioned.' })
@Directive('@key(fields: "id")')
@Owner('portfolio-office')
@BrandScoped('brandId')
export class OperatingModelDecision {
  @Field(() => ID)
  id: string;

  @Field(() => OperatingModelEnum)
  model: string;

  @Field(() => DecisionStatusEnum)
  status: string;

  @Field(() => Int, { description: 'Version of the decision for this brand × capability, from 1.' })
  version: number;

  @Field()
  rationale: string;

  @Field(() => [EvidenceItemType])
  evidence: EvidenceItemType[];

  @Field({ description: 'True when the model differs from the recommendation at the time it was proposed.' })
  isException: boolean;

  @Field(() => OperatingModelEnum, { description: 'What the framework recommended when this was proposed.' })
  recommendedModel: string;

  @Field()
  proposedBy: string;

  @Field(() => GraphQLISODateTime)
  proposedAt: Date;

  @Field(() => String, { nullable: true })
  decidedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The approver’s note, or the reason for rejecting.' })
  decisionNote: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  effectiveFrom: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a later approval replaced it.' })
  supersededAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Review no later than this (the end of the next quarter).' })
  reviewDueAt: Date | null;

  brandId: string;
  capabilityId: string;
  supersedesId: string | null;
  assessmentId: string;
  pilotId: string | null;
}

@ObjectType({ description: 'One capability as it stands for one brand.' })
@Owner('portfolio-office')
@BrandScoped('brandId')
export class BrandCapability {
  @Field(() => CapabilityAssessment, { nullable: true, description: 'The latest assessment.' })
  assessment: CapabilityAssessment | null;

  @Field(() => OperatingModelDecision, { nullable: true, description: 'The decision in effect.' })
  decision: OperatingModelDecision | null;

  @Field(() => OperatingModelDecision, { nullable: true, description: 'A proposal awaiting approval.' })
  pendingDecision: OperatingModelDecision | null;

  brandId: string;
  capabilityId: string;
}

@ObjectType({ description: 'One cell of the portfolio heat map: a brand × capability.' })
@Owner('portfolio-office')
@BrandScoped('brandId')
export class PortfolioCell {
  @Field(() => OperatingModelEnum, { nullable: true, description: 'The model in effect, if decided.' })
  decidedModel: string | null;

  @Field(() => OperatingModelEnum, { nullable: true, description: 'What the latest assessment recommends, if assessed.' })
  recommendedModel: string | null;

  @Field({ description: 'The decision in effect differs from the current recommendation.' })
  isException: boolean;

  @Field({ description: 'The current recommendation is borderline.' })
  borderline: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  reviewDueAt: Date | null;

  @Field({ description: 'The review date has passed.' })
  reviewOverdue: boolean;

  @Field(() => ID, { nullable: true })
  decisionId: string | null;

  brandId: string;
  capabilityId: string;
}

@InputType()
export class AssessCapabilityInput {
  @Field({ description: 'Brand slug.' })
  brand: string;

  @Field({ description: 'Capability code, e.g. "STOREFRONT".' })
  capability: string;

  @Field(() => Int) differentiation: number;
  @Field(() => Int) risk: number;
  @Field(() => Int) reusePotential: number;
  @Field(() => Int) demandVolatility: number;
  @Field(() => Int) processCommonality: number;
  @Field(() => Int) platformMaturity: number;

  @Field(() => String, { nullable: true, description: 'Who assessed, if not the caller (e.g. the workshop lead).' })
  assessor?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}

@InputType()
export class EvidenceInput {
  @Field(() => EvidenceKindEnum)
  kind: `${EvidenceKindEnum}`;

  @Field(() => Float)
  measuredValue: number;

  @Field(() => String, { nullable: true })
  unit?: string | null;

  @Field()
  source: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class ProposeOperatingModelInput {
  @Field({ description: 'Brand slug.' })
  brand: string;

  @Field({ description: 'Capability code.' })
  capability: string;

  @Field(() => OperatingModelEnum)
  model: `${OperatingModelEnum}`;

  @Field({ description: 'Why this model; kept in the ledger.' })
  rationale: string;

  @Field(() => [EvidenceInput], { defaultValue: [], description: 'Needed when the model differs from the recommendation.' })
  evidence: EvidenceInput[];

  @Field(() => ID, { nullable: true, description: 'A pilot of this brand × capability that tried this model and SUCCEEDED: its results become evidence.' })
  pilotId?: string | null;
}
