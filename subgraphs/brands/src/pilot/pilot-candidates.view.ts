import { In } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { BrandEntity } from '../brand/brand.entity';
import type { BrandsContext } from '../context';
import { DecisionEntity } from '../decision/decision.entity';
import { scoresOf } from '../decision/decision.service';
import { recommend } from '../decision/recommend';
import { isReviewOverdue } from '../decision/review-due';
import { PilotEntity } from './pilot.entity';
import { rankPilotCandidates, type PilotCandidate } from './pilot-candidates';

/** Every brand × capability of the caller's brands, as the ranking needs it, in a fixed number of statements. */
export async function pilotCandidatesFor({ dataSource, loaders, principal }: BrandsContext): Promise<PilotCandidate[]> {
  const brands = (await dataSource.getRepository(BrandEntity).find({ order: { slug: 'ASC' } })).filter((b) => mayAccessBrandId(principal, b.id));
  const brandIds = brands.map((b) => b.id);
  const [capabilities, assessments, decisions, open] = await Promise.all([
    loaders.capability.all.load('all'),
    Promise.all(brandIds.map((id) => loaders.assessment.latestByBrand.load(id))),
    dataSource.getRepository(DecisionEntity).find({ where: { brandId: In(brandIds), status: In(['APPROVED', 'PROPOSED']) } }),
    dataSource.getRepository(PilotEntity).find({ where: { brandId: In(brandIds), status: In(['PLANNED', 'RUNNING']) } }),
  ]);
  const now = new Date();
  return rankPilotCandidates(
    brands.flatMap((brand, i) =>
      capabilities.map((capability) => {
        const assessment = assessments[i]!.find((a) => a.capabilityId === capability.id);
        const recommendation = assessment ? recommend(scoresOf(assessment)) : null;
        const of = decisions.filter((d) => d.brandId === brand.id && d.capabilityId === capability.id);
        const inEffect = of.find((d) => d.status === 'APPROVED') ?? null;
        const pending = of.filter((d) => d.status === 'PROPOSED' && d.isException).at(-1) ?? null;
        return {
          brandId: brand.id,
          brandSlug: brand.slug,
          capabilityId: capability.id,
          capabilityCode: capability.code,
          decidedModel: inEffect?.model ?? null,
          recommendation,
          pendingException: pending ? { model: pending.model } : null,
          reviewOverdue: !!inEffect && isReviewOverdue(inEffect, now),
          openPilot: open.some((p) => p.brandId === brand.id && p.capabilityId === capability.id),
        };
      }),
    ),
  );
}
