import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BrandScoped, Owner } from '../../../../shared/src/governance/decorators';

export enum PortfolioRole {
  CORE = 'CORE',
  GROWTH = 'GROWTH',
  HERITAGE = 'HERITAGE',
  NICHE = 'NICHE',
  INCUBATION = 'INCUBATION',
}
registerEnumType(PortfolioRole, { name: 'PortfolioRole', description: 'The part a brand plays in the portfolio.' });

export enum Lifecycle {
  GROWING = 'GROWING',
  STABLE = 'STABLE',
  DECLINING = 'DECLINING',
  SUNSET = 'SUNSET',
}
registerEnumType(Lifecycle, { name: 'Lifecycle', description: 'Where a brand stands in its life.' });

@ObjectType({ description: 'A brand of the portfolio.' })
@Directive('@key(fields: "id")')
@Owner('portfolio-office')
@BrandScoped('id')
export class Brand {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Stable, URL-safe handle, e.g. "halden".' })
  slug: string;

  @Field()
  name: string;

  @Field(() => PortfolioRole)
  portfolioRole: `${PortfolioRole}`;

  @Field(() => Lifecycle)
  lifecycle: `${Lifecycle}`;
}
