import { In, type DataSource } from 'typeorm';
import { batchByArgs, groupedByKey, rowLoader } from '../../../../shared/src/loader';
import { RoutingExceptionEntity } from '../routing/routing.entities';

/** Routing exceptions; fresh for every request. */
export function createRecoveryLoaders(dataSource: DataSource) {
  const exceptions = dataSource.getRepository(RoutingExceptionEntity);
  return {
    exceptionById: rowLoader((ids: readonly string[]) => exceptions.findBy({ id: In([...ids]) }), (x) => x.id),
    /** Each brand's routing exceptions (of one status, or all), newest first, in one statement per status asked. */
    exceptionsByBrand: batchByArgs(
      async (brandIds, { status }: { status: string | null }) => {
        const rows = await exceptions.find({ where: { brandId: In([...brandIds]), ...(status ? { status: status as 'OPEN' } : {}) }, order: { openedAt: 'DESC', id: 'ASC' } });
        return groupedByKey(brandIds, rows, (x) => x.brandId);
      },
      (k: { brandId: string; status: string | null }) => ({ id: k.brandId, args: { status: k.status } }),
    ),
  };
}
