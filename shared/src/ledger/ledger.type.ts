import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../graphql/page-info';
import { checkPageSize } from '../graphql/cursor';
import { Owner, ListSize } from '../governance/decorators';
import type { LedgerEntryEntity } from './ledger-entry.entity';
import type { LedgerReader } from './ledger-reader';

export const MAX_LEDGER_PAGE = 500;

@ObjectType({ description: 'Who made a change: the verified caller the gateway forwarded.' })
@Directive('@shareable')
@Owner('governance')
export class LedgerActor {
  @Field({ description: 'The `sub` of the token, or `system:seed` for the demo seed.' })
  subject: string;

  @Field(() => [String])
  roles: string[];

  @Field(() => String, { nullable: true })
  onBehalfOf: string | null;
}

@ObjectType({ description: 'What a change was about.' })
@Directive('@shareable')
@Owner('governance')
export class LedgerSubject {
  @Field({ description: 'The type changed, e.g. "Brand", "StockPosition", "Partner".' })
  type: string;

  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  brandId: string | null;

  @Field(() => String, { nullable: true, description: 'The capability code, when the change is about one.' })
  capability: string | null;
}

@ObjectType({ description: 'One entry of a decision ledger: append-only and hash-chained.' })
@Directive('@shareable')
@Owner('governance')
export class LedgerEntry {
  @Field(() => Int, { description: 'Position in its ledger, from 1, without gaps.' })
  seq: number;

  @Field(() => ID)
  id: string;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;

  @Field(() => LedgerActor)
  actor: LedgerActor;

  @Field({ description: 'What was done, e.g. "brand.lifecycle.set".' })
  action: string;

  @Field(() => LedgerSubject)
  subject: LedgerSubject;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The state before the change (the fields it changed).' })
  before: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The state after the change.' })
  after: unknown;

  @Field()
  reason: string;

  @Field(() => GraphQLJSON, { nullable: true })
  evidence: unknown;

  @Field(() => String, { nullable: true })
  requestId: string | null;

  @Field({ description: 'The hash of the previous entry (64 zeros for the first).' })
  prevHash: string;

  @Field({ description: 'SHA-256(prevHash ‖ RFC 8785 canonical JSON of the entry), hex.' })
  hash: string;
}

/** Database row → the GraphQL shape. */
export function toLedgerEntry(row: LedgerEntryEntity): LedgerEntry {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurredAt,
    actor: { subject: row.actorSubject, roles: row.actorRoles, onBehalfOf: row.actorOnBehalfOf },
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId, brandId: row.brandId, capability: row.capability },
    before: row.before,
    after: row.after,
    reason: row.reason,
    evidence: row.evidence,
    requestId: row.requestId,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

@ObjectType()
@Directive('@shareable')
@Owner('governance')
export class LedgerEntryEdge {
  @Field()
  cursor: string;

  @Field(() => LedgerEntry)
  node: LedgerEntry;
}

@ObjectType({ description: 'A page of ledger entries, newest first.' })
@Directive('@shareable')
@Owner('governance')
export class LedgerEntryConnection {
  @Field(() => [LedgerEntryEdge])
  edges: LedgerEntryEdge[];

  @Field(() => [LedgerEntry])
  nodes: LedgerEntry[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@ObjectType({ description: 'The result of recomputing a ledger’s hash chain.' })
@Directive('@shareable')
@Owner('governance')
export class LedgerVerification {
  @Field({ description: 'True when every entry follows the previous one and hashes to its own hash.' })
  ok: boolean;

  @Field(() => Int)
  checkedEntries: number;

  @Field(() => Int, { nullable: true, description: 'The first entry that does not verify: where history was rewritten.' })
  firstBrokenSeq: number | null;

  @Field(() => String, { nullable: true })
  headHash: string | null;
}

/** A ledger as a whole. Its fields are methods, so each subgraph's instance reads its own database. */
@ObjectType({ description: 'One subgraph’s decision ledger.' })
@Directive('@shareable')
@Owner('governance')
export class Ledger {
  constructor(private readonly reader: LedgerReader) {}

  /** `length` and `headHash` come from one read of the head, so they always agree. */
  private head?: ReturnType<LedgerReader['head']>;

  @Field(() => Int, { description: 'Number of entries.' })
  async length(): Promise<number> {
    return (await (this.head ??= this.reader.head())).length;
  }

  @Field(() => String, { nullable: true, description: 'Hash of the newest entry.' })
  async headHash(): Promise<string | null> {
    return (await (this.head ??= this.reader.head())).headHash;
  }

  @Field(() => LedgerEntryConnection)
  @ListSize({ slicingArguments: ['first'], sizedFields: ['nodes', 'edges'] })
  async entries(
    @Arg('from', () => GraphQLISODateTime, { nullable: true }) from?: Date,
    @Arg('to', () => GraphQLISODateTime, { nullable: true }) to?: Date,
    @Arg('actions', () => [String], { nullable: true }) actions?: string[],
    @Arg('subjectType', () => String, { nullable: true }) subjectType?: string,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string,
    @Arg('actor', () => String, { nullable: true, description: 'The `sub` of whoever made the change.' }) actor?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<LedgerEntryConnection> {
    checkPageSize(first, MAX_LEDGER_PAGE);
    return toConnection(await this.reader.page({ from, to, actions, subjectType, subjectId, actor }, first, after));
  }

  @Field(() => LedgerVerification, { description: 'Recomputes the whole chain now.' })
  verify(): Promise<LedgerVerification> {
    return this.reader.verify();
  }
}

export function toConnection(page: Awaited<ReturnType<LedgerReader['page']>>): LedgerEntryConnection {
  const edges = page.edges.map((e) => ({ cursor: e.cursor, node: toLedgerEntry(e.node) }));
  return { edges, nodes: edges.map((e) => e.node), pageInfo: page.pageInfo };
}
