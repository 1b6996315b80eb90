import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isUuid } from '../../../../shared/src/errors';
import { Audited, Owner, RequiresScopes, BrandsOf } from '../../../../shared/src/governance/decorators';
import type { PartnersContext } from '../context';
import { Contract } from '../contract/contract.type';
import { PartnerEntity } from './partner.entity';
import { setPartnerStatus } from './partner.service';
import { Partner, PartnerStatus } from './partner.type';

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => [Partner], { description: 'Every partner, by name.' })
  @Owner('partner-management')
  @RequiresScopes(['partners:read'])
  partners(@Ctx() { dataSource }: PartnersContext): Promise<Partner[]> {
    return dataSource.getRepository(PartnerEntity).find({ order: { name: 'ASC' } });
  }

  @Query(() => Partner, { nullable: true, description: 'One partner by id; null if there is none.' })
  @Owner('partner-management')
  @RequiresScopes(['partners:read'])
  async partner(@Arg('id', () => ID) id: string, @Ctx() { loaders }: PartnersContext): Promise<Partner | null> {
    return isUuid(id) ? loaders.partner.byId.load(id) : null;
  }

  @Mutation(() => Partner, { description: 'Changes where the relationship with a partner stands; recorded in the partner ledger.' })
  @Owner('partner-management')
  @Audited('partner.status.set')
  @RequiresScopes(['partners:write'])
  @BrandsOf('Partner', 'partnerId')
  setPartnerStatus(
    @Arg('partnerId', () => ID) partnerId: string,
    @Arg('status', () => PartnerStatus) status: `${PartnerStatus}`,
    @Arg('reason', { description: 'Why: kept in the ledger for auditors.' }) reason: string,
    @Ctx() context: PartnersContext,
  ): Promise<Partner> {
    return setPartnerStatus(context.dataSource, context, { partnerId, status, reason });
  }

  @FieldResolver(() => [Contract], { description: "The partner's contracts, by start date." })
  contracts(@Root() partner: Partner, @Ctx() { loaders }: PartnersContext): Promise<Contract[]> {
    return loaders.contract.byPartner.load(partner.id);
  }
}

/** `_entities` for Partner: `{ id }` → the whole partner. */
export const partnerReference = {
  __resolveReference: (ref: { id: string }, { loaders }: PartnersContext) => loaders.partner.byId.load(ref.id),
};
