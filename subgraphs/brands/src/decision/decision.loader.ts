import { In, type DataSource } from 'typeorm';
import { batchByArgs, byKey, groupLoader, rowLoader } from '../../../../shared/src/loader';
import { DecisionEntity } from './decision.entity';

export interface DecisionInEffectKey {
  brandId: string;
  capability: string;
  at: Date;
}

/** Operating-model decisions; fresh for every request. */
export function createDecisionLoaders(dataSource: DataSource) {
  const decisions = dataSource.getRepository(DecisionEntity);
  return {
    /** One "now" per request: every brand of one query is judged at the same instant (and batched). */
    requestedAt: new Date(),
    byId: rowLoader((ids: readonly string[]) => decisions.findBy({ id: In([...ids]) }), (d) => d.id),
    /** The decision in effect for a capability at an instant, for many brands in one statement per (capability, instant). */
    inEffect: batchByArgs(
      async (brandIds, { capability, at }: { capability: string; at: string }) =>
        byKey(
          brandIds,
          await decisions
            .createQueryBuilder('d')
            .innerJoin('capability', 'c', 'c.id = d.capability_id')
            .distinctOn(['d.brand_id'])
            .where('d.brand_id = ANY(:brandIds)', { brandIds: [...brandIds] })
            .andWhere('c.code = :capability', { capability })
            .andWhere("d.status IN ('APPROVED', 'SUPERSEDED') AND d.effective_from <= :at", { at })
            .andWhere('(d.superseded_at IS NULL OR d.superseded_at > :at)', { at })
            .orderBy('d.brand_id')
            .addOrderBy('d.effective_from', 'DESC')
            .getMany(),
          (d) => d.brandId,
        ),
      (k: DecisionInEffectKey) => ({ id: k.brandId, args: { capability: k.capability, at: k.at.toISOString() } }),
    ),
    /** Decisions in effect (APPROVED) and awaiting approval (PROPOSED) of each brand. */
    openByBrand: groupLoader(
      (brandIds: readonly string[]) => decisions.find({ where: { brandId: In([...brandIds]), status: In(['APPROVED', 'PROPOSED']) }, order: { proposedAt: 'ASC' } }),
      (d) => d.brandId,
    ),
  };
}
