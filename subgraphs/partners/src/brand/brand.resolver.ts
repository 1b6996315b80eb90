import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import type { PartnersContext } from '../context';
import { Contract } from '../contract/contract.type';
import { Partner } from '../partner/partner.type';
import { brandPerformance } from '../performance/brand-performance';
import { PartnerPerformance } from '../performance/performance.type';
import { requirePeriod } from '../../../../shared/src/graphql/period';
import { Brand } from './brand.type';

@Resolver(() => Brand)
export class BrandPartnersResolver {
  @FieldResolver(() => [Partner], { description: 'Partners holding a contract with the brand, by name.' })
  @Owner('partner-management')
  @RequiresScopes(['partners:read'])
  partners(@Root() brand: Brand, @Ctx() { loaders }: PartnersContext): Promise<Partner[]> {
    return loaders.partner.byBrand.load(brand.id);
  }

  @FieldResolver(() => [Contract], { description: "The brand's contracts, by start date." })
  @Owner('partner-management')
  @RequiresScopes(['partners:read'])
  contracts(@Root() brand: Brand, @Ctx() { loaders }: PartnersContext): Promise<Contract[]> {
    return loaders.contract.byBrand.load(brand.id);
  }

  @FieldResolver(() => PartnerPerformance, { description: 'The mean actuals the brand’s partners reported for a period (default: the latest reported).' })
  @Owner('partner-management')
  @RequiresScopes(['partners:read'])
  async partnerPerformance(
    @Root() brand: Brand,
    @Ctx() { loaders }: PartnersContext,
    @Arg('period', () => String, { nullable: true, description: 'YYYY-MM.' }) period?: string | null,
  ): Promise<PartnerPerformance> {
    if (period !== undefined && period !== null) requirePeriod('period', period);
    return brandPerformance(await loaders.performance.currentReportsByBrand.load(brand.id), period);
  }
}

export const brandReference = {
  __resolveReference: (ref: { id: string }): Brand => ({ id: ref.id }),
};
