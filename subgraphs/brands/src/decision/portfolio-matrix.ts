import { Field, Int, ObjectType } from 'type-graphql';
import { In } from 'typeorm';
import { Owner, ListSize } from '../../../../shared/src/governance/decorators';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { Brand } from '../brand/brand.type';
import { BrandEntity } from '../brand/brand.entity';
import { Capability } from '../capability/capability.type';
import type { BrandsContext } from '../context';
import { DecisionEntity } from './decision.entity';
import { scoresOf } from './decision.service';
import { PortfolioCell } from './decision.type';
import { isExceptionTo } from './exception';
import { recommend } from './recommend';
import { isReviewOverdue } from './review-due';

@ObjectType({ description: 'The portfolio heat map: brands as rows, capabilities as columns.' })
@Owner('portfolio-office')
export class PortfolioMatrix {
  @Field(() => [Brand])
  brands: Brand[];

  @Field(() => [Capability])
  capabilities: Capability[];

  @Field(() => [PortfolioCell], { description: 'One cell per brand × capability, brand by brand in the order of `brands`.' })
  @ListSize({ assumedSize: 500 })
  cells: PortfolioCell[];

  @Field(() => Int, { description: 'Cells whose decision differs from the current recommendation.' })
  exceptions: number;

  @Field(() => Int, { description: 'Cells whose review date has passed.' })
  reviewsOverdue: number;
}

/** The whole matrix in a fixed number of statements: brands, capabilities, latest assessments, decisions in effect. */
export async function portfolioMatrix({ dataSource, loaders, principal }: BrandsContext): Promise<PortfolioMatrix> {
  const brands = (await dataSource.getRepository(BrandEntity).find({ order: { name: 'ASC' } })).filter((b) => mayAccessBrandId(principal, b.id));
  const brandIds = brands.map((b) => b.id);
  const [capabilities, assessments, decisions] = await Promise.all([
    loaders.capability.all.load('all'),
    Promise.all(brandIds.map((id) => loaders.assessment.latestByBrand.load(id))),
    dataSource.getRepository(DecisionEntity).find({ where: { brandId: In(brandIds), status: 'APPROVED' } }),
  ]);
  const now = new Date();
  const cells: PortfolioCell[] = [];
  brands.forEach((brand, i) => {
    const brandAssessments = assessments[i]!;
    for (const capability of capabilities) {
      const assessment = brandAssessments.find((a) => a.capabilityId === capability.id);
      const decision = decisions.find((d) => d.brandId === brand.id && d.capabilityId === capability.id);
      const recommendation = assessment ? recommend(scoresOf(assessment)) : null;
      cells.push({
        brandId: brand.id,
        capabilityId: capability.id,
        decisionId: decision?.id ?? null,
        decidedModel: decision?.model ?? null,
        recommendedModel: recommendation?.model ?? null,
        isException: isExceptionTo(decision?.model, recommendation?.model),
        borderline: recommendation?.borderline ?? false,
        reviewDueAt: decision?.reviewDueAt ?? null,
        reviewOverdue: !!decision && isReviewOverdue(decision, now),
      });
    }
  });
  return {
    brands,
    capabilities,
    cells,
    exceptions: cells.filter((c) => c.isException).length,
    reviewsOverdue: cells.filter((c) => c.reviewOverdue).length,
  };
}
