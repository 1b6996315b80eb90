import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { preparedQuery } from '../../../../shared/src/db/prepared-query';
import { groupLoader } from '../../../../shared/src/loader';
import type { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { joinedNodeColumns, nodeOfJoined } from '../fulfillment-node/fulfillment-node.loader';
import { StockPositionEntity } from './stock-position.entity';

/**
 * Stock positions; fresh for every request. The nodes of the positions come with them (the
 * statement joins them anyway) and are put into the request's node loader, so `stock { node }`
 * costs no statement of its own.
 */
export function createStockLoaders(dataSource: DataSource, nodesById: DataLoader<string, FulfillmentNodeEntity | null>) {
  return {
    /**
     * Positions of each SKU, by node code (one statement for any number of SKUs). Raw SQL with
     * exactly the entity's columns: this is the hottest loader of the storefront query, and
     * TypeORM's query building and hydration cost more CPU than the statement itself.
     */
    bySku: groupLoader(async (skuIds: readonly string[]) => {
      const rows = await preparedQuery<StockPositionRow>(
        dataSource,
        'inventory.stock-by-sku',
        `SELECT sp.sku_id, sp.node_id, sp.on_hand, sp.reserved, sp.safety_stock, sp.updated_at, ${joinedNodeColumns('n')}
           FROM stock_position sp JOIN fulfillment_node n ON n.id = sp.node_id
          WHERE sp.sku_id = ANY($1::uuid[])
          ORDER BY n.code`,
        [[...skuIds]],
      );
      const primed = new Set<string>();
      return rows.map((row) => {
        // Each node once per batch: a page's positions share a handful of nodes.
        if (!primed.has(row.node_id)) {
          primed.add(row.node_id);
          nodesById.prime(row.node_id, nodeOfJoined(row));
        }
        return stockPositionOf(row);
      });
    }, (p) => p.skuId),
  };
}

interface StockPositionRow extends Record<string, unknown> {
  sku_id: string;
  node_id: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  updated_at: Date;
}

function stockPositionOf(r: StockPositionRow): StockPositionEntity {
  return Object.assign(new StockPositionEntity(), {
    skuId: r.sku_id,
    nodeId: r.node_id,
    onHand: r.on_hand,
    reserved: r.reserved,
    safetyStock: r.safety_stock,
    updatedAt: r.updated_at,
  });
}
