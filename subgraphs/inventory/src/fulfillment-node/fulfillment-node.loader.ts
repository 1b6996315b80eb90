import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupedByKey, rowLoader } from '../../../../shared/src/loader';
import { FulfillmentNodeEntity } from './fulfillment-node.entity';

/** Fulfillment nodes by id and by the brands they serve; fresh for every request. */
export function createNodeLoaders(dataSource: DataSource) {
  const nodes = dataSource.getRepository(FulfillmentNodeEntity);
  const byId = rowLoader((ids: readonly string[]) => nodes.findBy({ id: In([...ids]) }), (n) => n.id);
  return {
    byId,
    /** Nodes a brand runs or that hold its stock, by code. */
    byBrand: new DataLoader<string, FulfillmentNodeEntity[]>(async (brandIds) => {
      const pairs: { brand_id: string; node_id: string }[] = await dataSource.query(
        `SELECT DISTINCT b.brand_id, n.id AS node_id, n.code
           FROM unnest($1::uuid[]) AS b(brand_id)
           JOIN fulfillment_node n
             ON n.operator_brand_id = b.brand_id
             OR EXISTS (SELECT 1 FROM stock_position sp JOIN sku s ON s.id = sp.sku_id
                         WHERE sp.node_id = n.id AND s.brand_id = b.brand_id)
          ORDER BY n.code`,
        [[...brandIds]],
      );
      const found = await byId.loadMany([...new Set(pairs.map((p) => p.node_id))]);
      const byNodeId = new Map(found.filter((n): n is FulfillmentNodeEntity => n instanceof FulfillmentNodeEntity).map((n) => [n.id, n]));
      return groupedByKey(brandIds, pairs, (p) => p.brand_id).map((group) => group.map((p) => byNodeId.get(p.node_id)!));
    }),
  };
}
