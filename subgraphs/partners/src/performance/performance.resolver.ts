import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Audited, Owner, Policy, RequiresScopes, BrandsOf } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import { escalateBreach, resolveBreach } from '../breach/breach.service';
import type { PartnersContext } from '../context';
import { Contract } from '../contract/contract.type';
import { PartnerEntity } from '../partner/partner.entity';
import { Partner } from '../partner/partner.type';
import { recordPerformance } from './performance.service';
import { Breach, BreachEvidenceInput, KpiActualInput, PartnerRisk, PartnerScorecard, Scorecard } from './performance.type';
import { trendOf, type Kpi } from './scorecard';

const SEVERITY_POINTS: Record<string, number> = { CRITICAL: 5, MAJOR: 3, MINOR: 1 };

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
    const rows = await Promise.all(
      partners.map(async (p) => {
        const [open, reports] = await Promise.all([loaders.breach.openByPartner.load(p.id), loaders.performance.currentReportsByPartner.load(p.id)]);
        const byPeriod = periodScores(reports);
        return {
          partnerId: p.id,
          rank: 0,
          openBreaches: open.length,
          criticalBreaches: open.filter((b) => b.severity === 'CRITICAL').length,
          severityScore: open.reduce((s, b) => s + (SEVERITY_POINTS[b.severity] ?? 0), 0),
          latestScore: byPeriod.at(-1)?.score ?? null,
          trend: trendOf(byPeriod.at(-1)?.score, byPeriod.at(-2)?.score),
        };
      }),
    );
    const trendOrder = { WORSENING: 0, UNKNOWN: 1, STABLE: 2, IMPROVING: 3 } as Record<string, number>;
    rows.sort((a, b) => b.severityScore - a.severityScore || trendOrder[a.trend]! - trendOrder[b.trend]! || (a.latestScore ?? 1) - (b.latestScore ?? 1));
    return rows.map((r, i) => ({ ...r, rank: i + 1 }));
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

/** Mean weighted score per period, oldest first. */
function periodScores(reports: { period: string; weightedScore: number }[]): { period: string; score: number }[] {
  const periods = [...new Set(reports.map((r) => r.period))].sort();
  return periods.map((period) => {
    const of = reports.filter((r) => r.period === period);
    return { period, score: Math.round((of.reduce((s, r) => s + r.weightedScore, 0) / of.length) * 10_000) / 10_000 };
  });
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
  async currentScorecard(@Root() partner: Partner, @Ctx() { loaders }: PartnersContext): Promise<PartnerScorecard | null> {
    const reports = await loaders.performance.currentReportsByPartner.load(partner.id);
    const latest = periodScores(reports).at(-1);
    if (!latest) return null;
    return { period: latest.period, weightedScore: latest.score, scorecards: reports.filter((r) => r.period === latest.period) };
  }
}
