import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

@ObjectType({ description: 'An operation of a client app that used a schema coordinate, over a check’s window.' })
@Owner('platform-team')
export class ChangeUsage {
  @Field({ description: 'The `apollographql-client-name` it was sent with ("" when none).' })
  clientName: string;

  @Field()
  operationName: string;

  @Field()
  operationHash: string;

  @Field(() => Float)
  requests: number;

  @Field(() => GraphQLISODateTime)
  lastSeen: Date;
}

@ObjectType({ description: 'A registered (persisted) operation of a client app.' })
@Owner('platform-team')
export class RegisteredOperationRef {
  @Field()
  clientName: string;

  @Field()
  id: string;

  @Field()
  name: string;

  @Field(() => [String], { description: 'Why it would no longer validate.' })
  errors: string[];
}

@ObjectType({ description: 'A change that breaks clients of the live API schema, with who used what it breaks.' })
@Owner('platform-team')
export class BreakingChange {
  @Field()
  type: string;

  @Field({ description: 'The schema coordinate affected, e.g. `Query.skuByCode`.' })
  coordinate: string;

  @Field()
  description: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether it blocked (null: judged before usage-aware checks).' })
  blocking: boolean | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => [ChangeUsage])
  usage: ChangeUsage[];

  @Field(() => [RegisteredOperationRef])
  registeredOperations: RegisteredOperationRef[];
}

@ObjectType({ description: 'A change to who may reach what; it needed a second person’s approval.' })
@Owner('platform-team')
export class GovernanceChange {
  @Field()
  type: string;

  @Field()
  coordinate: string;

  @Field()
  description: string;
}

@ObjectType({ description: 'What a check found: composition and lint errors, breaking and governance changes.' })
@Owner('platform-team')
export class CheckReport {
  @Field()
  ok: boolean;

  @Field(() => [String])
  composition: string[];

  @Field(() => [BreakingChange])
  breaking: BreakingChange[];

  @Field(() => [GovernanceChange])
  governance: GovernanceChange[];

  @Field(() => Int, { nullable: true, description: 'The days of usage breaking changes were judged against.' })
  usageWindowDays: number | null;

  @Field(() => [RegisteredOperationRef], { description: 'Registered operations it breaks that no breaking change listed accounts for.' })
  brokenOperations: RegisteredOperationRef[];
}

@ObjectType({ description: 'One published version of a subgraph (a removal is a version too).' })
@Owner('platform-team')
export class SubgraphVersion {
  @Field()
  name: string;

  @Field(() => Int)
  version: number;

  @Field()
  routingUrl: string;

  @Field({ description: 'SHA-256 of the SDL, hex.' })
  sdlHash: string;

  @Field({ description: 'The schema (SDL) published.' })
  sdl: string;

  @Field()
  publishedBy: string;

  @Field(() => GraphQLISODateTime)
  publishedAt: Date;

  @Field()
  reason: string;

  @Field()
  removed: boolean;

  @Field(() => [BreakingChange], { description: 'Breaking changes the publisher accepted.' })
  acceptedBreaking: BreakingChange[];

  @Field(() => [GovernanceChange], { description: 'Governance changes approved with it.' })
  acceptedGovernance: GovernanceChange[];

  @Field(() => String, { nullable: true })
  approvedBy: string | null;

  @Field(() => CheckReport)
  checks: CheckReport;
}

@ObjectType({ description: 'A subgraph registered in the registry: its newest version, and its history.' })
@Owner('platform-team')
export class Subgraph {
  @Field()
  name: string;

  @Field({ description: 'In the supergraph now (its newest version did not remove it).' })
  active: boolean;

  @Field(() => SubgraphVersion, { description: 'The newest version.' })
  latest: SubgraphVersion;
}

@ObjectType({ description: 'A subgraph version a supergraph was composed from.' })
@Owner('platform-team')
export class SupergraphMember {
  @Field()
  name: string;

  @Field(() => Int)
  version: number;
}

@ObjectType({ description: 'A composed supergraph; the newest is the one every gateway serves.' })
@Owner('platform-team')
export class Supergraph {
  @Field(() => Int)
  version: number;

  @Field({ description: 'SHA-256 of the supergraph SDL, hex.' })
  hash: string;

  @Field(() => [SupergraphMember])
  subgraphs: SupergraphMember[];

  @Field()
  createdBy: string;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field()
  reason: string;

  @Field(() => Int, { nullable: true, description: 'The version a rollback restored.' })
  rolledBackTo: number | null;
}
