import { Directive, Field, ObjectType } from 'type-graphql';

/** Relay-style page information, shared by every connection of every subgraph. */
@ObjectType({ description: 'Where a page of a connection ends and whether more follow.' })
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor: string | null;
}
