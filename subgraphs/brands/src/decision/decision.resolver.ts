import { Arg, Ctx, FieldResolver, GraphQLISODateTime, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { In, LessThan } from 'typeorm';
import { isUuid } from '../../../../shared/src/errors';
import { Audited, BrandScoped, Owner, RequiresScopes, BrandsOf } from '../../../../shared/src/governance/decorators';
import { Brand } from '../brand/brand.type';
import { Capability } from '../capability/capability.type';
import type { BrandsContext } from '../context';
import { AssessmentEntity } from './assessment.entity';
import { DecisionEntity } from './decision.entity';
import { approveDecision, assessCapability, proposeOperatingModel, rejectDecision, scoresOf } from './decision.service';
import {
  AssessCapabilityInput,
  BrandCapability,
  CapabilityAssessment,
  OperatingModelDecision,
  PortfolioCell,
  ProposeOperatingModelInput,
  Recommendation,
} from './decision.type';
import { PortfolioMatrix, portfolioMatrix } from './portfolio-matrix';
import { isExceptionTo } from './exception';
import { recommend } from './recommend';
import { isReviewOverdue } from './review-due';
import { CENTRAL_MODELS, readinessGate } from '../readiness/readiness';
import { readinessOf } from '../readiness/readiness.resolver';

/** The recommendation of an assessment, with the readiness gate when it recommends a central model. */
async function recommendationFor(context: BrandsContext, brandId: string, scores: Parameters<typeof scoresOf>[0]): Promise<Recommendation> {
  const recommendation = recommend(scoresOf(scores));
  if (!CENTRAL_MODELS.has(recommendation.model)) return recommendation;
  const gate = readinessGate(recommendation.model, await readinessOf(context, brandId));
  return gate ? { ...recommendation, rulesFired: [...recommendation.rulesFired, gate] } : recommendation;
}

@Resolver(() => OperatingModelDecision)
export class DecisionResolver {
  @Mutation(() => CapabilityAssessment, { description: 'Records 1–5 scores for a brand × capability; the latest is current.' })
  @Owner('portfolio-office')
  @Audited('capability.assess')
  @RequiresScopes(['portfolio:write'])
  @BrandScoped('input.brand')
  assessCapability(@Arg('input') input: AssessCapabilityInput, @Ctx() context: BrandsContext): Promise<CapabilityAssessment> {
    return assessCapability(context.dataSource, context, input);
  }

  @Mutation(() => OperatingModelDecision, { description: 'Proposes who runs a capability for a brand; an exception to the recommendation needs evidence.' })
  @Owner('portfolio-office')
  @Audited('decision.propose')
  @RequiresScopes(['portfolio:write'])
  @BrandScoped('input.brand')
  proposeOperatingModel(@Arg('input') input: ProposeOperatingModelInput, @Ctx() context: BrandsContext): Promise<OperatingModelDecision> {
    return proposeOperatingModel(context.dataSource, context, input);
  }

  @Mutation(() => OperatingModelDecision, { description: 'Approves a proposal: it takes effect and supersedes the decision in effect.' })
  @Owner('portfolio-office')
  @Audited('decision.approve')
  @RequiresScopes(['decisions:approve'])
  @BrandsOf('OperatingModelDecision', 'id')
  approveDecision(@Arg('id', () => ID) id: string, @Arg('note') note: string, @Ctx() context: BrandsContext): Promise<OperatingModelDecision> {
    return approveDecision(context.dataSource, context, { id, note });
  }

  @Mutation(() => OperatingModelDecision, { description: 'Rejects a proposal; the decision in effect stays.' })
  @Owner('portfolio-office')
  @Audited('decision.reject')
  @RequiresScopes(['decisions:approve'])
  @BrandsOf('OperatingModelDecision', 'id')
  rejectDecision(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() context: BrandsContext): Promise<OperatingModelDecision> {
    return rejectDecision(context.dataSource, context, { id, reason });
  }

  @Query(() => OperatingModelDecision, { nullable: true })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  operatingModelDecision(@Arg('id', () => ID) id: string, @Ctx() { loaders }: BrandsContext): Promise<OperatingModelDecision | null> {
    return isUuid(id) ? loaders.decision.byId.load(id) : Promise.resolve(null);
  }

  @Query(() => PortfolioMatrix, { description: 'Every brand × capability: decided and recommended model, exceptions, reviews due.' })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  portfolioMatrix(@Ctx() context: BrandsContext): Promise<PortfolioMatrix> {
    return portfolioMatrix(context);
  }

  @Query(() => [OperatingModelDecision], { description: 'Decisions in effect whose review is due before the given instant (default: now), soonest first.' })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  reviewsDue(
    @Ctx() { dataSource }: BrandsContext,
    @Arg('before', () => GraphQLISODateTime, { nullable: true }) before?: Date,
  ): Promise<OperatingModelDecision[]> {
    return dataSource.getRepository(DecisionEntity).find({
      where: { status: 'APPROVED', reviewDueAt: LessThan(before ?? new Date()) },
      order: { reviewDueAt: 'ASC', id: 'ASC' },
    });
  }

  @Query(() => [OperatingModelDecision], { description: 'Exceptions to the recommendation that are in effect or awaiting approval.' })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  openExceptions(@Ctx() { dataSource }: BrandsContext): Promise<OperatingModelDecision[]> {
    return dataSource.getRepository(DecisionEntity).find({
      where: { isException: true, status: In(['APPROVED', 'PROPOSED']) },
      order: { proposedAt: 'ASC' },
    });
  }

  @FieldResolver(() => Brand)
  async brand(@Root() d: OperatingModelDecision, @Ctx() { loaders }: BrandsContext): Promise<Brand> {
    return (await loaders.brand.byId.load(d.brandId))!;
  }

  @FieldResolver(() => Capability)
  async capability(@Root() d: OperatingModelDecision, @Ctx() { loaders }: BrandsContext): Promise<Capability> {
    return (await loaders.capability.byId.load(d.capabilityId))!;
  }

  @FieldResolver(() => OperatingModelDecision, { nullable: true, description: 'The decision this one replaced.' })
  supersedes(@Root() d: OperatingModelDecision, @Ctx() { loaders }: BrandsContext): Promise<OperatingModelDecision | null> | null {
    return d.supersedesId ? loaders.decision.byId.load(d.supersedesId) : null;
  }

  @FieldResolver(() => CapabilityAssessment, { description: 'The assessment the proposal was judged against.' })
  async assessment(@Root() d: OperatingModelDecision, @Ctx() { loaders }: BrandsContext): Promise<CapabilityAssessment> {
    return (await loaders.assessment.byId.load(d.assessmentId))!;
  }

  @FieldResolver(() => Boolean, { description: 'In effect and past its review date.' })
  reviewOverdue(@Root() d: OperatingModelDecision): boolean {
    return isReviewOverdue(d, new Date());
  }
}

@Resolver(() => CapabilityAssessment)
export class AssessmentResolver {
  @FieldResolver(() => Brand)
  async brand(@Root() a: CapabilityAssessment, @Ctx() { loaders }: BrandsContext): Promise<Brand> {
    return (await loaders.brand.byId.load(a.brandId))!;
  }

  @FieldResolver(() => Capability)
  async capability(@Root() a: CapabilityAssessment, @Ctx() { loaders }: BrandsContext): Promise<Capability> {
    return (await loaders.capability.byId.load(a.capabilityId))!;
  }

  @FieldResolver(() => Recommendation, { description: 'What these scores recommend, and why (with BASICS_NOT_READY when a central model meets a brand that is not ready).' })
  recommendation(@Root() a: CapabilityAssessment, @Ctx() context: BrandsContext): Promise<Recommendation> {
    return recommendationFor(context, a.brandId, a);
  }
}

@Resolver(() => BrandCapability)
export class BrandCapabilityResolver {
  @FieldResolver(() => Brand)
  async brand(@Root() c: BrandCapability, @Ctx() { loaders }: BrandsContext): Promise<Brand> {
    return (await loaders.brand.byId.load(c.brandId))!;
  }

  @FieldResolver(() => Capability)
  async capability(@Root() c: BrandCapability, @Ctx() { loaders }: BrandsContext): Promise<Capability> {
    return (await loaders.capability.byId.load(c.capabilityId))!;
  }

  @FieldResolver(() => Recommendation, { nullable: true, description: 'What the latest assessment recommends.' })
  recommendation(@Root() c: BrandCapability, @Ctx() context: BrandsContext): Promise<Recommendation> | null {
    return c.assessment ? recommendationFor(context, c.brandId, c.assessment) : null;
  }

  @FieldResolver(() => Boolean, { description: 'The decision in effect differs from the current recommendation.' })
  isException(@Root() c: BrandCapability): boolean {
    return isExceptionTo(c.decision?.model, c.assessment && recommend(scoresOf(c.assessment)).model);
  }
}

@Resolver(() => PortfolioCell)
export class PortfolioCellResolver {
  @FieldResolver(() => Brand)
  async brand(@Root() c: PortfolioCell, @Ctx() { loaders }: BrandsContext): Promise<Brand> {
    return (await loaders.brand.byId.load(c.brandId))!;
  }

  @FieldResolver(() => Capability)
  async capability(@Root() c: PortfolioCell, @Ctx() { loaders }: BrandsContext): Promise<Capability> {
    return (await loaders.capability.byId.load(c.capabilityId))!;
  }
}

@Resolver(() => Brand)
export class BrandDecisionResolver {
  @FieldResolver(() => [BrandCapability], { description: 'Every capability with its current assessment, recommendation and decision.' })
  @Owner('portfolio-office')
  async capabilities(@Root() brand: Brand, @Ctx() { loaders }: BrandsContext): Promise<BrandCapability[]> {
    const [catalogue, assessments, decisions] = await Promise.all([
      loaders.capability.all.load('all'),
      loaders.assessment.latestByBrand.load(brand.id),
      loaders.decision.openByBrand.load(brand.id),
    ]);
    return catalogue.map((capability) => ({
      brandId: brand.id,
      capabilityId: capability.id,
      assessment: assessments.find((a) => a.capabilityId === capability.id) ?? null,
      decision: decisions.find((d) => d.capabilityId === capability.id && d.status === 'APPROVED') ?? null,
      pendingDecision: decisions.filter((d) => d.capabilityId === capability.id && d.status === 'PROPOSED').at(-1) ?? null,
    }));
  }

  @FieldResolver(() => OperatingModelDecision, { nullable: true, description: 'The decision in effect for a capability, now or at `asOf`.' })
  @Owner('portfolio-office')
  operatingModel(
    @Root() brand: Brand,
    @Arg('capability', { description: 'Capability code, e.g. "STOREFRONT".' }) capability: string,
    @Ctx() { loaders }: BrandsContext,
    @Arg('asOf', () => GraphQLISODateTime, { nullable: true }) asOf?: Date,
  ): Promise<OperatingModelDecision | null> {
    return loaders.decision.inEffect.load({ brandId: brand.id, capability, at: asOf ?? loaders.decision.requestedAt });
  }
}

export const decisionReference = {
  __resolveReference: (ref: { id: string }, { loaders }: BrandsContext) => loaders.decision.byId.load(ref.id),
};
