import { In, type DataSource } from 'typeorm';
import { groupLoader } from '../../../../shared/src/loader';
import { BreachEntity } from '../performance/performance.entities';

/** Breaches; fresh for every request. */
export function createBreachLoaders(dataSource: DataSource) {
  return {
    /** Open breaches as stored: the sweep (on its schedule, or `sweepBreaches`) escalates overdue cures, reading never does. */
    openByPartner: groupLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(BreachEntity).find({ where: { partnerId: In([...ids]), status: 'OPEN' }, order: { cureDueAt: 'ASC', kpi: 'ASC' } }),
      (b) => b.partnerId,
    ),
  };
}
