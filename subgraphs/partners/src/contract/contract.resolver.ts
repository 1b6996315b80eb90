import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isUuid, notFound } from '../../../../shared/src/errors';
import { Audited, BrandScoped, Owner, RequiresScopes, Sensitive, BrandsOf } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import type { PartnersContext } from '../context';
import { Partner } from '../partner/partner.type';
import { amendContract, createContract, giveNotice } from './contract.service';
import { Contract, ContractChangesInput, CreateContractInput, Kpi, KpiWeight, TransitionPlan } from './contract.type';
import { transitionPlan } from './transition-plan';

@Resolver(() => Contract)
export class ContractResolver {
  @Query(() => Contract, { nullable: true, description: 'One contract (any version) by id; null if there is none.' })
  @Owner('partner-management')
  @RequiresScopes(['partners:read'])
  async contract(@Arg('id', () => ID) id: string, @Ctx() { loaders }: PartnersContext): Promise<Contract | null> {
    return isUuid(id) ? loaders.contract.byId.load(id) : null;
  }

  @Mutation(() => Contract, { description: 'A new contract between a partner and a brand.' })
  @Owner('partner-management')
  @Audited('contract.create')
  @RequiresScopes(['partners:write'])
  @BrandScoped('input.brand')
  createContract(@Arg('input') input: CreateContractInput, @Ctx() context: PartnersContext): Promise<Contract> {
    return createContract(context.dataSource, context.services.brands, context, input);
  }

  @Mutation(() => Contract, { description: 'A new version of a contract with changed terms; the earlier version stays readable, SUPERSEDED.' })
  @Owner('partner-management')
  @Audited('contract.amend')
  @RequiresScopes(['partners:write'])
  @BrandsOf('Contract', 'contractId')
  amendContract(
    @Arg('contractId', () => ID) contractId: string,
    @Arg('changes') changes: ContractChangesInput,
    @Arg('reason') reason: string,
    @Ctx() context: PartnersContext,
  ): Promise<Contract> {
    return amendContract(context.dataSource, context, { contractId, changes, reason });
  }

  @Mutation(() => Contract, { description: 'Gives notice to exit: the exit date follows from the notice days.' })
  @Owner('partner-management')
  @Audited('contract.notice')
  @RequiresScopes(['partners:write'])
  @BrandsOf('Contract', 'contractId')
  giveNotice(@Arg('contractId', () => ID) contractId: string, @Arg('reason') reason: string, @Ctx() context: PartnersContext): Promise<Contract> {
    return giveNotice(context.dataSource, context, { contractId, reason });
  }

  @FieldResolver(() => Partner)
  async partner(@Root() contract: Contract, @Ctx() { loaders }: PartnersContext): Promise<Partner> {
    const partner = await loaders.partner.byId.load(contract.partnerId);
    if (!partner) throw notFound(`Partner ${contract.partnerId} of contract ${contract.id}`);
    return partner;
  }

  @FieldResolver(() => Brand, { description: 'The brand the contract is for; the brands subgraph resolves the rest.' })
  brand(@Root() contract: Contract): Brand {
    return { id: contract.brandId };
  }

  @FieldResolver(() => [KpiWeight], { nullable: true, description: 'Commercial terms: how the KPIs weigh in the scorecard (1 where unset).' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  kpiWeights(@Root() contract: Contract): KpiWeight[] {
    return contract.slaTargets.map((t) => ({ kpi: t.kpi, weight: contract.kpiWeights[t.kpi] ?? 1 }));
  }

  @FieldResolver(() => [Kpi], { description: 'The KPIs the contract sets service levels for (the targets themselves are commercial terms: `slaTargets`).' })
  slaKpis(@Root() contract: Contract): string[] {
    return contract.slaTargets.map((t) => t.kpi);
  }

  @FieldResolver(() => TransitionPlan, {
    nullable: true,
    description: 'The plan for leaving the partner, once notice is given (null before). Commercial terms: its dates come from the transition days.',
  })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['contracts:terms:read'])
  transition(@Root() contract: Contract): TransitionPlan | null {
    if (contract.status !== 'NOTICE_GIVEN' || !contract.noticeGivenAt || !contract.exitDate) return null;
    return transitionPlan({
      noticeGivenAt: contract.noticeGivenAt,
      exitDate: contract.exitDate,
      transitionDays: contract.exitTerms.transitionDays,
      capabilityScope: contract.capabilityScope,
      auditNoticeDays: contract.auditRights ? contract.auditRights.noticeDays : null,
    });
  }

  @FieldResolver(() => Contract, { nullable: true, description: 'The version this one amended.' })
  supersedes(@Root() contract: Contract, @Ctx() { loaders }: PartnersContext): Promise<Contract | null> | null {
    return contract.supersedesId ? loaders.contract.byId.load(contract.supersedesId) : null;
  }

  @FieldResolver(() => [Contract], { description: 'Every version of this contract, oldest first.' })
  versions(@Root() contract: Contract, @Ctx() { loaders }: PartnersContext): Promise<Contract[]> {
    return loaders.contract.versions.load(contract.lineageId);
  }
}

export const contractReference = {
  __resolveReference: (ref: { id: string }, { loaders }: PartnersContext) => loaders.contract.byId.load(ref.id),
};
