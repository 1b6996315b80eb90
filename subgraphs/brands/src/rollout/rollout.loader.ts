import { In, type DataSource } from 'typeorm';
import { batchByArgs, groupedByKey, groupLoader, rowLoader } from '../../../../shared/src/loader';
import { RolloutEntity, RolloutPhaseEntity, type RolloutStatus } from './rollout.entity';

/** Rollouts and their phases; fresh for every request. */
export function createRolloutLoaders(dataSource: DataSource) {
  const rollouts = dataSource.getRepository(RolloutEntity);
  return {
    byId: rowLoader((ids: readonly string[]) => rollouts.findBy({ id: In([...ids]) }), (r) => r.id),
    byDecision: rowLoader((ids: readonly string[]) => rollouts.findBy({ decisionId: In([...ids]) }), (r) => r.decisionId),
    byBrand: batchByArgs(
      async (brandIds, { status }: { status: RolloutStatus | null }) =>
        groupedByKey(brandIds, await rollouts.find({ where: { brandId: In([...brandIds]), ...(status ? { status } : {}) }, order: { openedAt: 'DESC', id: 'ASC' } }), (r) => r.brandId),
      (k: { brandId: string; status: RolloutStatus | null }) => ({ id: k.brandId, args: { status: k.status } }),
    ),
    phases: groupLoader(
      (ids: readonly string[]) => dataSource.getRepository(RolloutPhaseEntity).find({ where: { rolloutId: In([...ids]) }, order: { position: 'ASC' } }),
      (p) => p.rolloutId,
    ),
  };
}
