import { In, type DataSource } from 'typeorm';
import { batchByArgs, groupedByKey, groupLoader, rowLoader } from '../../../../shared/src/loader';
import { PilotEntity, PilotMeasurementEntity, type PilotStatus } from './pilot.entity';

/** Pilots and their measurements; fresh for every request. */
export function createPilotLoaders(dataSource: DataSource) {
  const pilots = dataSource.getRepository(PilotEntity);
  return {
    byId: rowLoader((ids: readonly string[]) => pilots.findBy({ id: In([...ids]) }), (p) => p.id),
    /** Each brand's pilots (of one status, or all), newest first, in one statement per status asked. */
    byBrand: batchByArgs(
      async (brandIds, { status }: { status: PilotStatus | null }) =>
        groupedByKey(brandIds, await pilots.find({ where: { brandId: In([...brandIds]), ...(status ? { status } : {}) }, order: { plannedAt: 'DESC', id: 'ASC' } }), (p) => p.brandId),
      (k: { brandId: string; status: PilotStatus | null }) => ({ id: k.brandId, args: { status: k.status } }),
    ),
    measurements: groupLoader(
      (ids: readonly string[]) => dataSource.getRepository(PilotMeasurementEntity).find({ where: { pilotId: In([...ids]) }, order: { recordedAt: 'ASC', id: 'ASC' } }),
      (m) => m.pilotId,
    ),
  };
}
