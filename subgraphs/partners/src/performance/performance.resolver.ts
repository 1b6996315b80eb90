import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { Audited, Owner, Policy, RequiresScopes, BrandsOf } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import { escalateBreach, resolveBreach } from '../breach/breach.service';
import type { PartnersContext } from '../context';
import { Contract } from '../contract/contract.type';
import { PartnerEntity } from '../partner/partner.entity';
import { Partner } from '../partner/partner.type';
import { recordPerformance } from './performance.service';
import { Breach, BreachEvidenceInput, KpiActualInput, PartnerRisk, PartnerScorecard, Scorecard } from './performance.type';
import { rankPartnerRisk } from './partner-risk';
import { periodScores } from './period-scores';
import type { Kpi } from './scorecard';

@Resolver(() => Scorecard)
export class PerformanceResolver {
  @Mutation(() => Scorecard, { description: 'Records a period’s KPI actuals: a scorecard, and a breach for every KPI below target.' })
  @Owner('partner-management')
  @Audited('performance.record')
  @RequiresScopes(['partners:write'])
  @BrandsOf('Contract', 'contractId')
  recordPerformance(
    @Arg('contractId', () => ID) contractId: string,
    @Arg('period', { description: 'The month, YYYY-MM.' }) period: string,
    @Arg('actuals', () => [KpiActualInput]) actuals: KpiActualInput[],
    @Ctx() context: PartnersContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<Scorecard> {
    return recordPerformance(context.dataSource, context, { contractId, period, actuals: actuals.map((a) => ({ kpi: a.kpi as Kpi, value: a.value })), reason });
  }

  @FieldResolver(() => Contract)
  async contract(@Root() s: Scorecard, @Ctx() { loaders }: PartnersContext): Promise<Contract> {
    return (await loaders.contract.byId.load(s.contractId))!;
  }
}

@Resolver(() => Breach)
export class BreachResolver {
  @Mutation(() => Breach, { description: 'Takes a breach to the contract’s next escalation step; refused past the last.' })
  @Owner('partner-management')
  @Audited('breach.escalate')
  @RequiresScopes(['partners:write'])
  @BrandsOf('Breach', 'id')
  escalateBreach(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() context: PartnersContext): Promise<Breach> {
    return escalateBreach(context.dataSource, context, { id, reason });
  }

  @Mutation(() => Breach, { description: 'Closes a breach with evidence of the cure.' })
  @Owner('partner-management')
  @Audited('breach.resolve')
  @RequiresScopes(['partners:write'])
  @BrandsOf('Breach', 'id')
  resolveBreach(
    @Arg('id', () => ID) id: string,
    @Arg('evidence', () => [BreachEvidenceInput]) evidence: BreachEvidenceInput[],
    @Arg('reason') reason: string,
    @Ctx() context: PartnersContext,
  ): Promise<Breach> {
    return resolveBreach(context.dataSource, context, { id, evidence, reason });
  }

  @Query(() => [PartnerRisk], { description: 'Partners ranked by the severity of their open breaches, then by worsening trend.' })
  @Owner('partner-management')
  @RequiresScopes(['partners:read'])
  @Policy(['portfolio-wide'])
  async partnerRisk(@Ctx() { dataSource, loaders }: PartnersContext): Promise<PartnerRisk[]> {
    const partners = await dataSource.getRepository(PartnerEntity).find({ order: { name: 'ASC' } });
    const inputs = await Promise.all(
      partners.map(async (p) => {
        const [openBreaches, reports] = await Promise.all([loaders.breach.openByPartner.load(p.id), loaders.performance.currentReportsByPartner.load(p.id)]);
        return { partnerId: p.id, openBreaches, reports };
      }),
    );
    return rankPartnerRisk(inputs);
  }

  @FieldResolver(() => Contract)
  async contract(@Root() b: Breach, @Ctx() { loaders }: PartnersContext): Promise<Contract> {
    return (await loaders.contract.byId.load(b.contractId))!;
  }

  @FieldResolver(() => Partner)
  async partner(@Root() b: Breach, @Ctx() { loaders }: PartnersContext): Promise<Partner> {
    return (await loaders.partner.byId.load(b.partnerId))!;
  }

  @FieldResolver(() => Brand)
  brand(@Root() b: Breach): Brand {
    return { id: b.brandId };
  }
}

@Resolver(() => PartnerRisk)
export class PartnerRiskResolver {
  @FieldResolver(() => Partner)
  async partner(@Root() r: PartnerRisk, @Ctx() { loaders }: PartnersContext): Promise<Partner> {
    return (await loaders.partner.byId.load(r.partnerId))!;
  }
}

@Resolver(() => Partner)
export class PartnerPerformanceResolver {
  @FieldResolver(() => [Scorecard], { description: 'Scorecards of the partner’s contracts for periods from–to (YYYY-MM, inclusive), oldest first.' })
  @Owner('partner-management')
  async scorecards(
    @Root() partner: Partner,
    @Ctx() { loaders }: PartnersContext,
    @Arg('from', () => String, { nullable: true }) from?: string,
    @Arg('to', () => String, { nullable: true }) to?: string,
  ): Promise<Scorecard[]> {
    const reports = await loaders.performance.currentReportsByPartner.load(partner.id);
    return reports.filter((r) => (!from || r.period >= from) && (!to || r.period <= to));
  }

  @FieldResolver(() => [Breach], { description: 'Breaches not yet resolved, soonest cure first.' })
  @Owner('partner-management')
  openBreaches(@Root() partner: Partner, @Ctx() { loaders }: PartnersContext): Promise<Breach[]> {
    return loaders.breach.openByPartner.load(partner.id);
  }

  @FieldResolver(() => PartnerScorecard, { nullable: true, description: 'The latest recorded period, across the partner’s contracts.' })
  @Owner('partner-management')
  async currentScorecard(@Root() partner: Partner, @Ctx() { loaders, principal }: PartnersContext): Promise<PartnerScorecard | null> {
    // The partner's score over the contracts of the caller's brands only: one brand's figures are not another's.
    const reports = (await loaders.performance.currentReportsByPartner.load(partner.id)).filter((r) => mayAccessBrandId(principal, r.brandId));
    const latest = periodScores(reports).at(-1);
    if (!latest) return null;
    return { period: latest.period, weightedScore: latest.score, scorecards: reports.filter((r) => r.period === latest.period) };
  }
}
