import { Directive, Field, ObjectType } from 'type-graphql';
import { Owner } from '../governance/decorators';

/** Relay-style page information, shared by every connection of every subgraph. */
@ObjectType({ description: 'Where a page of a connection ends and whether more follow.' })
@Directive('@shareable')
@Owner('platform')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor: string | null;
}
