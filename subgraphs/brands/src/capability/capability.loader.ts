import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { rowLoader } from '../../../../shared/src/loader';
import { CapabilityEntity } from './capability.entity';

/** Capabilities by id and code, and the whole catalogue; fresh for every request. */
export function createCapabilityLoaders(dataSource: DataSource) {
  const capabilities = dataSource.getRepository(CapabilityEntity);
  return {
    byId: rowLoader((ids: readonly string[]) => capabilities.findBy({ id: In([...ids]) }), (c) => c.id),
    byCode: rowLoader((codes: readonly string[]) => capabilities.findBy({ code: In([...codes]) }), (c) => c.code),
    /** The whole catalogue, once per request. */
    all: new DataLoader<'all', CapabilityEntity[]>(async (keys) => {
      const all = await capabilities.find({ order: { layer: 'ASC', code: 'ASC' } });
      return keys.map(() => all);
    }),
  };
}
