import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import DataLoader from 'dataloader';
import { groupLoader, rowLoader } from '../../../shared/src/loader';
import { AssessmentEntity } from './decision/assessment.entity';
import { DecisionEntity } from './decision/decision.entity';
import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import { BrandEntity } from './brand/brand.entity';
import { CapabilityEntity } from './capability/capability.entity';

/** One set per request: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource) {
  const brands = dataSource.getRepository(BrandEntity);
  const capabilities = dataSource.getRepository(CapabilityEntity);
  return {
    /** One "now" per request: every brand of one query is judged at the same instant (and batched). */
    requestedAt: new Date(),
    brandById: rowLoader((ids: readonly string[]) => brands.findBy({ id: In([...ids]) }), (b) => b.id),
    brandBySlug: rowLoader((slugs: readonly string[]) => brands.findBy({ slug: In([...slugs]) }), (b) => b.slug),
    capabilityById: rowLoader((ids: readonly string[]) => capabilities.findBy({ id: In([...ids]) }), (c) => c.id),
    capabilityByCode: rowLoader((codes: readonly string[]) => capabilities.findBy({ code: In([...codes]) }), (c) => c.code),
    /** The whole catalogue, once per request. */
    allCapabilities: new DataLoader<'all', CapabilityEntity[]>(async (keys) => {
      const all = await capabilities.find({ order: { layer: 'ASC', code: 'ASC' } });
      return keys.map(() => all);
    }),
    assessmentById: rowLoader((ids: readonly string[]) => dataSource.getRepository(AssessmentEntity).findBy({ id: In([...ids]) }), (a) => a.id),
    /** The latest assessment of every capability of each brand. */
    latestAssessmentsByBrand: groupLoader(
      (brandIds: readonly string[]) =>
        dataSource
          .getRepository(AssessmentEntity)
          .createQueryBuilder('a')
          .distinctOn(['a.brand_id', 'a.capability_id'])
          .where('a.brand_id = ANY(:brandIds)', { brandIds: [...brandIds] })
          .orderBy('a.brand_id')
          .addOrderBy('a.capability_id')
          .addOrderBy('a.assessed_at', 'DESC')
          .addOrderBy('a.id', 'DESC')
          .getMany(),
      (a) => a.brandId,
    ),
    /** The decision in effect for a capability at an instant, for many brands in one statement per (capability, instant). */
    decisionInEffect: new DataLoader<{ brandId: string; capability: string; at: Date }, DecisionEntity | null, string>(
      async (keys) => {
        const groups = new Map<string, typeof keys[number][]>();
        for (const k of keys) groups.set(`${k.capability}|${k.at.toISOString()}`, [...(groups.get(`${k.capability}|${k.at.toISOString()}`) ?? []), k]);
        const found = new Map<string, DecisionEntity>();
        for (const group of groups.values()) {
          const { capability, at } = group[0]!;
          const rows = await dataSource
            .getRepository(DecisionEntity)
            .createQueryBuilder('d')
            .innerJoin('capability', 'c', 'c.id = d.capability_id')
            .distinctOn(['d.brand_id'])
            .where('d.brand_id = ANY(:brandIds) AND c.code = :capability', { brandIds: group.map((k) => k.brandId), capability })
            .andWhere("d.status IN ('APPROVED', 'SUPERSEDED') AND d.effective_from <= :at", { at })
            .andWhere('(d.superseded_at IS NULL OR d.superseded_at > :at)', { at })
            .orderBy('d.brand_id')
            .addOrderBy('d.effective_from', 'DESC')
            .getMany();
          for (const row of rows) found.set(`${row.brandId}|${capability}|${at.toISOString()}`, row);
        }
        return keys.map((k) => found.get(`${k.brandId}|${k.capability}|${k.at.toISOString()}`) ?? null);
      },
      { cacheKeyFn: (k) => `${k.brandId}|${k.capability}|${k.at.toISOString()}` },
    ),
    decisionById: rowLoader((ids: readonly string[]) => dataSource.getRepository(DecisionEntity).findBy({ id: In([...ids]) }), (d) => d.id),
    /** Decisions in effect (APPROVED) and awaiting approval (PROPOSED) of each brand. */
    openDecisionsByBrand: groupLoader(
      (brandIds: readonly string[]) =>
        dataSource.getRepository(DecisionEntity).find({ where: { brandId: In([...brandIds]), status: In(['APPROVED', 'PROPOSED']) }, order: { proposedAt: 'ASC' } }),
      (d) => d.brandId,
    ),
  };
}

export type BrandsLoaders = ReturnType<typeof createLoaders>;
export type BrandsContext = SubgraphContext<BrandsLoaders>;
