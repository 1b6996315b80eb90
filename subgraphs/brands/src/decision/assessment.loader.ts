import { In, type DataSource } from 'typeorm';
import { groupLoader, rowLoader } from '../../../../shared/src/loader';
import { AssessmentEntity } from './assessment.entity';

/** Capability assessments; fresh for every request. */
export function createAssessmentLoaders(dataSource: DataSource) {
  const assessments = dataSource.getRepository(AssessmentEntity);
  return {
    byId: rowLoader((ids: readonly string[]) => assessments.findBy({ id: In([...ids]) }), (a) => a.id),
    /** The latest assessment of every capability of each brand. */
    latestByBrand: groupLoader(
      (brandIds: readonly string[]) =>
        assessments
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
  };
}
