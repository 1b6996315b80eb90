import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { trellisError } from '../../../../shared/src/errors';
import { Brand } from '../brand/brand.type';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import type { PartnersContext } from '../context';
import { Partner } from '../partner/partner.type';
import { Contract } from './contract.type';

@Resolver(() => Contract)
export class ContractResolver {
  @Query(() => Contract, { nullable: true, description: 'One contract by id; null if there is none.' })
  @Owner('partner-management')
  @RequiresScopes(['partners:read'])
  contract(@Arg('id', () => ID) id: string, @Ctx() { loaders }: PartnersContext): Promise<Contract | null> {
    return loaders.contractById.load(id);
  }

  @FieldResolver(() => Partner)
  async partner(@Root() contract: Contract, @Ctx() { loaders }: PartnersContext): Promise<Partner> {
    const partner = await loaders.partnerById.load(contract.partnerId);
    // The foreign key makes this unreachable; say so plainly if it ever happens.
    if (!partner) throw trellisError('NOT_FOUND', `partner ${contract.partnerId} of contract ${contract.id} does not exist`);
    return partner;
  }

  @FieldResolver(() => Brand, { description: 'The brand the contract is for; the brands subgraph resolves the rest.' })
  brand(@Root() contract: Contract): Brand {
    return { id: contract.brandId };
  }
}

export const contractReference = {
  __resolveReference: (ref: { id: string }, { loaders }: PartnersContext) => loaders.contractById.load(ref.id),
};
