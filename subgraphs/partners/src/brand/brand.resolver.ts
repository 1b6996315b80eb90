import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import type { PartnersContext } from '../context';
import { Contract } from '../contract/contract.type';
import { Partner } from '../partner/partner.type';
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
}

export const brandReference = {
  __resolveReference: (ref: { id: string }): Brand => ({ id: ref.id }),
};
