import type { DataSource } from 'typeorm';
import { groupLoader } from '../../../../shared/src/loader';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { StockPositionEntity } from './stock-position.entity';

/** Stock positions; fresh for every request. */
export function createStockLoaders(dataSource: DataSource) {
  const stock = dataSource.getRepository(StockPositionEntity);
  return {
    /** Positions of each SKU, by node code (one statement for any number of SKUs). */
    bySku: groupLoader(
      (skuIds: readonly string[]) =>
        stock
          .createQueryBuilder('sp')
          .innerJoin(FulfillmentNodeEntity, 'n', 'n.id = sp.node_id')
          .where('sp.sku_id = ANY(:skuIds)', { skuIds: [...skuIds] })
          .orderBy('n.code')
          .getMany(),
      (p) => p.skuId,
    ),
  };
}
