import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

@ObjectType({ description: 'How one brand’s operating model performs in a month; inventory and partners add their own figures (docs/lifecycle.md).' })
@Directive('@key(fields: "brandId period")')
@Owner('portfolio-office')
@BrandScoped('brandId')
export class BrandMetrics {
  @Field(() => ID) brandId: string;
  @Field({ description: 'YYYY-MM.' }) period: string;

  @Field(() => Int, { description: 'Decisions in effect past their review, now.' }) reviewsOverdue: number;
  @Field(() => Int, { description: 'Rollout phases past their due date, now.' }) rolloutPhasesOverdue: number;
  @Field(() => Int, { description: 'reviewsOverdue + rolloutPhasesOverdue.' }) decisionsOverdue: number;
  @Field(() => Int, { description: 'Decisions approved in the month.' }) decisionsApproved: number;
  @Field(() => Float, { nullable: true, description: 'Mean days from proposal to approval of the decisions approved in the month.' }) meanDaysProposalToApproval: number | null;
  @Field(() => Int, { description: 'Pilots concluded in the month.' }) pilotsRun: number;
  @Field(() => Int) pilotsSucceeded: number;
  @Field(() => Float, { nullable: true, description: 'SUCCEEDED / (SUCCEEDED + FAILED) of the pilots concluded in the month.' }) pilotSuccessRate: number | null;
  @Field(() => Int, { description: 'Exceptions to the recommendation proposed in the month (portfolio ledger).' }) exceptionDecisions: number;

  @Field(() => Int) @Directive('@external') orderExceptions: number;
  @Field(() => Int) @Directive('@external') breachesOpened: number;
  @Field(() => Float) @Directive('@external') stockCountAccuracy: number;
  @Field(() => Float, { nullable: true }) @Directive('@external') partnerInventoryAccuracy: number | null;
}
