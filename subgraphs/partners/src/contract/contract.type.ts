import { DateResolver } from 'graphql-scalars';
import { Directive, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BrandScoped, Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';

export enum Kpi {
  OTIF = 'OTIF',
  FILL_RATE = 'FILL_RATE',
  ORDER_ACCURACY = 'ORDER_ACCURACY',
  INVENTORY_ACCURACY = 'INVENTORY_ACCURACY',
  ON_TIME_SHIP = 'ON_TIME_SHIP',
  DOCK_TO_STOCK_HOURS = 'DOCK_TO_STOCK_HOURS',
}
registerEnumType(Kpi, { name: 'Kpi', description: 'A service-level indicator a contract sets a target for.' });

export enum KpiDirection {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
}
registerEnumType(KpiDirection, { name: 'KpiDirection', description: 'Whether the target is a floor or a ceiling.' });

@ObjectType({ description: 'One service-level target of a contract.' })
@Owner('partner-management')
export class SlaTarget {
  @Field(() => Kpi)
  kpi: `${Kpi}`;

  @Field(() => Float, { description: 'Ratios as 0–1 (0.95 = 95 %); DOCK_TO_STOCK_HOURS in hours.' })
  target: number;

  @Field(() => KpiDirection)
  direction: `${KpiDirection}`;
}

export enum ContractModelEnum {
  LICENSE = 'LICENSE',
  OUTSOURCE = 'OUTSOURCE',
  MANAGED_SERVICE = 'MANAGED_SERVICE',
  MARKETPLACE = 'MARKETPLACE',
}
registerEnumType(ContractModelEnum, { name: 'ContractModel', description: 'The kind of arrangement.' });

export enum ContractStatusEnum {
  ACTIVE = 'ACTIVE',
  SUPERSEDED = 'SUPERSEDED',
  NOTICE_GIVEN = 'NOTICE_GIVEN',
}
registerEnumType(ContractStatusEnum, { name: 'ContractStatus' });

@ObjectType({ description: 'How much one KPI counts in the weighted scorecard.' })
@Owner('partner-management')
export class KpiWeight {
  @Field(() => Kpi) kpi: string;
  @Field(() => Float) weight: number;
}

@ObjectType({ description: 'What the brand may audit, how often, with how much notice.' })
@Owner('partner-management')
export class AuditRights {
  @Field() scope: string;
  @Field({ description: 'e.g. ANNUAL, QUARTERLY.' }) frequency: string;
  @Field(() => Int) noticeDays: number;
}

@ObjectType({ description: 'Who handles a breach at one level, and how fast they must respond.' })
@Owner('partner-management')
export class EscalationStep {
  @Field(() => Int) level: number;
  @Field() role: string;
  @Field(() => Int) responseHours: number;
}

@ObjectType({ description: 'How the relationship can end.' })
@Owner('partner-management')
export class ExitTerms {
  @Field(() => Int, { description: 'Days from notice to exit.' }) noticeDays: number;
  @Field(() => Int, { description: 'Days after a period the partner has to cure a breach.' }) cureDays: number;
  @Field(() => Int, { description: 'Days of support to move the service elsewhere.' }) transitionDays: number;
}

@ObjectType({ description: 'What the brand pays the partner beyond the per-unit handling cost of its nodes.' })
@Owner('partner-management')
export class ContractFees {
  @Field(() => Float, { description: 'Fixed fee per month of validity.' }) monthlyFee: number;
  @Field(() => Float, { description: 'Fee per order shipped from the partner’s nodes.' }) feePerOrder: number;
}

@ObjectType({ description: 'What a partner does for one brand, for how long, and to which service levels.' })
@Directive('@key(fields: "id")')
@Owner('partner-management')
@BrandScoped('brandId')
export class Contract {
  @Field(() => ID)
  id: string;

  /** Resolved as `partner`. */
  partnerId: string;

  /** Resolved as `brand`. */
  brandId: string;

  @Field(() => [String], { description: 'Capability codes the partner covers, e.g. "FULFILLMENT".' })
  capabilityScope: string[];

  @Field(() => [SlaTarget], { nullable: true, description: 'Commercial terms: the service levels the partner owes.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  slaTargets: SlaTarget[];

  @Field(() => DateResolver, { description: 'First day of the contract.' })
  validFrom: string;

  @Field(() => DateResolver, { description: 'Last day of the contract (inclusive).' })
  validTo: string;

  @Field(() => ContractModelEnum)
  model: string;

  /** Resolved as the field `kpiWeights` (a list) by the contract resolver. */
  kpiWeights: Partial<Record<string, number>>;

  @Field(() => AuditRights)
  auditRights: AuditRights;

  @Field(() => [EscalationStep])
  escalationSteps: EscalationStep[];

  @Field(() => ExitTerms, { nullable: true, description: 'Commercial terms: notice, cure and transition.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  exitTerms: ExitTerms;

  @Field(() => ContractFees, { nullable: true, description: 'Commercial terms: the monthly fee and the fee per order.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  fees: ContractFees;

  @Field(() => Int, { description: 'Version of the contract, from 1; amendments make new versions.' })
  version: number;

  @Field(() => ContractStatusEnum)
  status: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  noticeGivenAt: Date | null;

  @Field(() => DateResolver, { nullable: true, description: 'When the contract ends after notice.' })
  exitDate: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  supersedesId: string | null;
  lineageId: string;
}

@ObjectType({ description: 'One step of leaving a partner.' })
@Owner('partner-management')
export class TransitionTask {
  @Field({ description: 'NOTIFY, CHOOSE_SUCCESSOR, FINAL_AUDIT, MOVE_STOCK, STOP_ROUTING, DATA_HANDOVER or CLOSE.' }) code: string;
  @Field() title: string;
  @Field(() => DateResolver) dueOn: string;
  @Field({ description: 'The team that does it.' }) owner: string;
}

@ObjectType({ description: 'How the brand leaves the partner by the exit date, from the contract’s exit terms (see docs/lifecycle.md).' })
@Owner('partner-management')
export class TransitionPlan {
  @Field(() => DateResolver) noticeGivenOn: string;
  @Field(() => DateResolver) exitDate: string;
  @Field(() => DateResolver, { description: 'From here to the exit date the partner owes transition support.' }) transitionStartsOn: string;
  @Field(() => DateResolver, { nullable: true, description: 'From this day order routing no longer chooses the partner’s nodes for the brand; null when nothing in scope is routed.' })
  routingStopsOn: string | null;
  @Field(() => [TransitionTask]) tasks: TransitionTask[];
}

@InputType()
export class SlaTargetInput {
  @Field(() => Kpi) kpi: `${Kpi}`;
  @Field(() => Float) target: number;
  @Field(() => KpiDirection) direction: `${KpiDirection}`;
}

@InputType()
export class KpiWeightInput {
  @Field(() => Kpi) kpi: `${Kpi}`;
  @Field(() => Float) weight: number;
}

@InputType()
export class AuditRightsInput {
  @Field() scope: string;
  @Field() frequency: string;
  @Field(() => Int) noticeDays: number;
}

@InputType()
export class EscalationStepInput {
  @Field(() => Int) level: number;
  @Field() role: string;
  @Field(() => Int) responseHours: number;
}

@InputType()
export class ExitTermsInput {
  @Field(() => Int) noticeDays: number;
  @Field(() => Int) cureDays: number;
  @Field(() => Int) transitionDays: number;
}

@InputType()
export class ContractFeesInput {
  @Field(() => Float) monthlyFee: number;
  @Field(() => Float) feePerOrder: number;
}

@InputType({ description: 'Terms to change in an amendment; omitted terms carry over.' })
export class ContractChangesInput {
  @Field(() => [String], { nullable: true }) capabilityScope?: string[];
  @Field(() => ContractModelEnum, { nullable: true }) model?: `${ContractModelEnum}`;
  @Field(() => [SlaTargetInput], { nullable: true }) slaTargets?: SlaTargetInput[];
  @Field(() => [KpiWeightInput], { nullable: true }) kpiWeights?: KpiWeightInput[];
  @Field(() => AuditRightsInput, { nullable: true }) auditRights?: AuditRightsInput;
  @Field(() => [EscalationStepInput], { nullable: true }) escalationSteps?: EscalationStepInput[];
  @Field(() => ExitTermsInput, { nullable: true }) exitTerms?: ExitTermsInput;
  @Field(() => ContractFeesInput, { nullable: true }) fees?: ContractFeesInput;
  @Field(() => DateResolver, { nullable: true }) validFrom?: string;
  @Field(() => DateResolver, { nullable: true }) validTo?: string;
}

@InputType()
export class CreateContractInput {
  @Field(() => ID) partnerId: string;
  @Field({ description: 'Brand slug.' }) brand: string;
  @Field(() => [String]) capabilityScope: string[];
  @Field(() => ContractModelEnum) model: `${ContractModelEnum}`;
  @Field(() => [SlaTargetInput]) slaTargets: SlaTargetInput[];
  @Field(() => [KpiWeightInput], { defaultValue: [] }) kpiWeights: KpiWeightInput[];
  @Field(() => AuditRightsInput) auditRights: AuditRightsInput;
  @Field(() => [EscalationStepInput]) escalationSteps: EscalationStepInput[];
  @Field(() => ExitTermsInput) exitTerms: ExitTermsInput;
  @Field(() => ContractFeesInput, { nullable: true, description: 'None: no fees beyond the nodes’ handling cost.' }) fees?: ContractFeesInput | null;
  @Field(() => DateResolver) validFrom: string;
  @Field(() => DateResolver) validTo: string;
  @Field({ description: 'Why: kept in the ledger for auditors.' }) reason: string;
}
