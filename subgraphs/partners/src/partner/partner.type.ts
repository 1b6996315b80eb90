import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

export enum PartnerKind {
  THREE_PL = 'THREE_PL',
  LICENSEE = 'LICENSEE',
  MARKETPLACE = 'MARKETPLACE',
  MANUFACTURER = 'MANUFACTURER',
  DROPSHIPPER = 'DROPSHIPPER',
}
registerEnumType(PartnerKind, { name: 'PartnerKind', description: 'What a partner does for the portfolio.' });

export enum PartnerStatus {
  ACTIVE = 'ACTIVE',
  PROBATION = 'PROBATION',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(PartnerStatus, { name: 'PartnerStatus', description: 'Where the relationship with a partner stands.' });

@ObjectType({ description: 'An outside company working for one or more brands: 3PL, licensee, marketplace, …' })
@Directive('@key(fields: "id")')
@Owner('partner-management')
export class Partner {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => PartnerKind)
  kind: `${PartnerKind}`;

  @Field(() => PartnerStatus)
  status: `${PartnerStatus}`;
}
