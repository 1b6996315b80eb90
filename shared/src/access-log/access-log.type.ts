import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { Owner } from '../governance/decorators';

@ObjectType({ description: 'Who read which sensitive field, for which brand, in which request.' })
@Directive('@shareable')
@Owner('governance')
export class AccessLogEntry {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;

  @Field({ description: 'The caller (`sub` of the token).' })
  subject: string;

  @Field(() => [String])
  roles: string[];

  @Field(() => String, { nullable: true })
  onBehalfOf: string | null;

  @Field({ description: 'The field read, as Type.field.' })
  coordinate: string;

  @Field(() => ID, { nullable: true, description: 'The brand whose data was read, when the data belongs to one.' })
  brandId: string | null;

  @Field()
  requestId: string;

  @Field(() => Int, { description: 'How many values of the field this request read for this brand.' })
  reads: number;
}
