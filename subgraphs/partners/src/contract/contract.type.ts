import { DateResolver } from 'graphql-scalars';
import { Directive, Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
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
}
