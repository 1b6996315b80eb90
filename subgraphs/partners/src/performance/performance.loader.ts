import { In, type DataSource } from 'typeorm';
import { groupLoader } from '../../../../shared/src/loader';
import { PerformanceReportEntity } from './performance.entities';

/** Performance reports; fresh for every request. */
export function createPerformanceLoaders(dataSource: DataSource) {
  return {
    /** The current version of every period reported for each partner's contracts. */
    currentReportsByPartner: groupLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(PerformanceReportEntity).find({ where: { partnerId: In([...ids]), current: true }, order: { period: 'ASC', contractId: 'ASC' } }),
      (r) => r.partnerId,
    ),
    /** The current version of every period reported for each brand's contracts. */
    currentReportsByBrand: groupLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(PerformanceReportEntity).find({ where: { brandId: In([...ids]), current: true }, order: { period: 'ASC', contractId: 'ASC' } }),
      (r) => r.brandId,
    ),
  };
}
