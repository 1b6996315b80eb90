import { Field, Float, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { BrandScoped, Owner, Policy, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import { SharedService } from '../catalogue/shared-service.type';

@ObjectType({ description: 'One brand’s share of one shared service in a month.' })
@Owner('platform-team')
@BrandScoped('brandId')
export class ShowbackLine {
  @Field(() => ID)
  brandId: string;

  @Field(() => Brand)
  brand: Brand;

  @Field({ description: 'The code of the shared service.' })
  serviceCode: string;

  @Field(() => Float, { description: 'Requests of the brand’s callers that used the service.' })
  requests: number;

  @Field(() => Float, { description: 'Those requests weighted by their estimated cost.' })
  weightedUsage: number;

  @Field(() => Float, { description: 'weightedUsage / the service’s total weighted usage.' })
  share: number;

  @Field(() => Float, { nullable: true, description: 'The brand’s part of the monthly cost, in `currency`.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  allocated: number;

  @Field(() => Float, { nullable: true, description: 'allocated / requests.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  costPerRequest: number | null;

  @Field()
  currency: string;
}

@ObjectType({ description: 'The part of a service’s usage and cost no brand carries: portfolio-wide callers and services.' })
@Owner('platform-team')
export class ShowbackRemainder {
  @Field(() => Float)
  requests: number;

  @Field(() => Float)
  weightedUsage: number;

  @Field(() => Float, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  amount: number;
}

@ObjectType({ description: 'One shared service’s monthly cost, allocated over the brands by weighted usage.' })
@Owner('platform-team')
export class ServiceShowback {
  @Field(() => SharedService)
  service: SharedService;

  @Field(() => Float, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  monthlyCost: number;

  @Field()
  currency: string;

  @Field(() => Float, { nullable: true, description: 'All requests that used it, whoever sent them.' })
  @Policy(['portfolio-wide'])
  requests: number | null;

  @Field(() => Float, { nullable: true })
  @Policy(['portfolio-wide'])
  weightedUsage: number | null;

  @Field(() => [ShowbackLine], { description: 'One line per brand that used it (a brand-restricted caller sees its own brands’).' })
  lines: ShowbackLine[];

  @Field(() => ShowbackRemainder, { nullable: true })
  @Policy(['portfolio-wide'])
  unallocated: ShowbackRemainder | null;
}

@ObjectType({ description: 'What a brand was allocated in one currency.' })
@Owner('platform-team')
export class ShowbackTotal {
  @Field()
  currency: string;

  @Field(() => Float)
  requests: number;

  @Field(() => Float, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  allocated: number;

  @Field(() => Float, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  costPerRequest: number | null;
}

@ObjectType({ description: 'One brand’s showback for a month: its line of every shared service it used, and its totals.' })
@Owner('platform-team')
@BrandScoped('brandId')
export class BrandShowback {
  @Field(() => ID)
  brandId: string;

  @Field(() => Brand)
  brand: Brand;

  @Field()
  period: string;

  @Field(() => [ShowbackLine])
  lines: ShowbackLine[];

  @Field(() => [ShowbackTotal])
  totals: ShowbackTotal[];
}

@ObjectType({ description: 'What the shared services cost each brand in a month, by weighted usage (docs/showback-and-slos.md).' })
@Owner('platform-team')
export class Showback {
  @Field({ description: '"YYYY-MM".' })
  period: string;

  @Field(() => GraphQLISODateTime)
  from: Date;

  @Field(() => GraphQLISODateTime)
  to: Date;

  @Field(() => [ServiceShowback])
  services: ServiceShowback[];

  @Field(() => [BrandShowback])
  brands: BrandShowback[];
}
