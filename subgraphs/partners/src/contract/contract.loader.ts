import { In, Not, type DataSource } from 'typeorm';
import { groupLoader, rowLoader } from '../../../../shared/src/loader';
import { ContractEntity } from './contract.entity';

/** Contracts by id, partner, brand and lineage; fresh for every request. */
export function createContractLoaders(dataSource: DataSource) {
  const contracts = dataSource.getRepository(ContractEntity);
  const contractOrder = { validFrom: 'ASC', id: 'ASC' } as const;
  return {
    byId: rowLoader((ids: readonly string[]) => contracts.findBy({ id: In([...ids]) }), (c) => c.id),
    /** Current versions only: an amended contract's earlier versions are reached through `versions`. */
    byPartner: groupLoader(
      (ids: readonly string[]) => contracts.find({ where: { partnerId: In([...ids]), status: Not('SUPERSEDED') }, order: contractOrder }),
      (c) => c.partnerId,
    ),
    byBrand: groupLoader(
      (ids: readonly string[]) => contracts.find({ where: { brandId: In([...ids]), status: Not('SUPERSEDED') }, order: contractOrder }),
      (c) => c.brandId,
    ),
    versions: groupLoader(
      (lineageIds: readonly string[]) => contracts.find({ where: { lineageId: In([...lineageIds]) }, order: { version: 'ASC' } }),
      (c) => c.lineageId,
    ),
  };
}
