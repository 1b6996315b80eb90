import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

@ObjectType({ description: 'What one sweep of overdue breach cures changed.' })
@Owner('partner-management')
export class BreachSweep {
  @Field(() => ID, { description: 'The sweep, as the partner ledger names it.' })
  id: string;

  @Field(() => Int, { description: 'Breaches whose overdue cure moved them to the next escalation step.' })
  escalatedBreaches: number;

  @Field(() => Int, { description: 'Partners whose status followed their breaches (probation, suspension).' })
  partnerStatusChanges: number;

  @Field(() => GraphQLISODateTime)
  sweptAt: Date;
}
