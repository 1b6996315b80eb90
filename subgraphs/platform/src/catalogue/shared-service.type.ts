import { Directive, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';
import { Capability } from '../brand/brand.type';
import type { SharedServiceEntity } from './shared-service.entity';

@ObjectType({ description: 'A shared service’s objective: 99 % of requests faster than `p99Ms`, at most `errorRate` of them failing.' })
@Owner('platform-team')
export class ServiceObjective {
  @Field(() => Int, { description: 'The latency 99 % of its requests must stay within, in ms.' })
  p99Ms: number;

  @Field(() => Float, { description: 'The share of requests that may fail (e.g. 0.001 for 99.9 % success).' })
  errorRate: number;
}

@ObjectType({ description: 'A service the platform runs for the brands, as a product: what it serves, who owns it, its objective and what it costs.' })
@Directive('@key(fields: "id")')
@Owner('platform-team')
export class SharedService {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Stable, lower-case, e.g. "inventory-availability".' })
  code: string;

  @Field()
  name: string;

  @Field({ description: 'The code of the capability it serves.' })
  capabilityCode: string;

  @Field(() => Capability, { description: 'The capability it serves.' })
  capability: Capability;

  @Field(() => [String], { description: 'The subgraphs that implement it: requests that fetch from them use the service.' })
  subgraphs: string[];

  @Field()
  ownerTeam: string;

  @Field(() => ServiceObjective)
  slo: ServiceObjective;

  @Field(() => Float, { nullable: true, description: 'What it costs to run per month, in `currency`.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'], ['services:write'])
  monthlyCost: number;

  @Field({ description: 'ISO 4217 code of `monthlyCost`.' })
  currency: string;

  @Field({ description: 'Roadmap notes: what is coming, and when.' })
  roadmap: string;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;
}

@InputType()
export class ServiceObjectiveInput {
  @Field(() => Int)
  p99Ms: number;

  @Field(() => Float)
  errorRate: number;
}

@InputType({ description: 'A new shared service.' })
export class SharedServiceInput {
  @Field()
  code: string;

  @Field()
  name: string;

  @Field({ description: 'The code of the capability it serves (e.g. INVENTORY).' })
  capability: string;

  @Field(() => [String])
  subgraphs: string[];

  @Field()
  ownerTeam: string;

  @Field(() => ServiceObjectiveInput)
  slo: ServiceObjectiveInput;

  @Field(() => Float)
  monthlyCost: number;

  @Field()
  currency: string;

  @Field({ nullable: true })
  roadmap?: string;
}

@InputType({ description: 'What to change of a shared service; what is not given stays.' })
export class SharedServiceChanges {
  @Field({ nullable: true })
  name?: string;

  @Field({ nullable: true })
  capability?: string;

  @Field(() => [String], { nullable: true })
  subgraphs?: string[];

  @Field({ nullable: true })
  ownerTeam?: string;

  @Field(() => ServiceObjectiveInput, { nullable: true })
  slo?: ServiceObjectiveInput;

  @Field(() => Float, { nullable: true })
  monthlyCost?: number;

  @Field({ nullable: true })
  currency?: string;

  @Field({ nullable: true })
  roadmap?: string;
}

export function toSharedService(row: SharedServiceEntity): SharedService {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    capabilityCode: row.capabilityCode,
    capability: { id: row.capabilityId },
    subgraphs: row.subgraphs,
    ownerTeam: row.ownerTeam,
    slo: { p99Ms: row.sloP99Ms, errorRate: row.sloErrorRate },
    monthlyCost: row.monthlyCost,
    currency: row.currency,
    roadmap: row.roadmap,
    updatedAt: row.updatedAt,
  };
}
