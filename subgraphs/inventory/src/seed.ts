import type { DataSource } from 'typeorm';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { appendEntries, SEED_ACTOR } from '../../../shared/src/ledger/ledger';
import { brandIdBySlug, DEMO_NODES, demoCatalog, partnerIdByKey } from '../../../shared/src/demo/portfolio';
import type { Logger } from '../../../shared/src/logger';
import { FulfillmentNodeEntity } from './fulfillment-node/fulfillment-node.entity';
import { SkuEntity } from './sku/sku.entity';
import { StockPositionEntity } from './stock/stock-position.entity';
import { seedInventoryLifecycle } from './demo-lifecycle';

export async function seedInventory(dataSource: DataSource, logger: Logger): Promise<void> {
  await seedOnce(dataSource, 'demo-portfolio', logger, async (manager) => {
    await manager.insert(
      FulfillmentNodeEntity,
      DEMO_NODES.map(({ operator, ...n }) => ({
        ...n,
        operatorType: operator.type,
        operatorBrandId: operator.type === 'BRAND' ? brandIdBySlug(operator.brandSlug) : null,
        operatorPartnerId: operator.type === 'PARTNER' ? partnerIdByKey(operator.partnerKey) : null,
      })),
    );
    const { skus, stock } = demoCatalog();
    await manager.insert(SkuEntity, skus);
    await manager.insert(StockPositionEntity, stock);
    const reason = 'Demo portfolio seed';
    const nodeCode = new Map(DEMO_NODES.map((n) => [n.id, n.code]));
    await appendEntries(manager, SEED_ACTOR, null, [
      ...DEMO_NODES.map((n) => ({ action: 'node.create', subject: { type: 'FulfillmentNode', id: n.id }, after: n, reason })),
      ...skus.map((sku) => ({
        action: 'sku.create',
        subject: { type: 'Sku', id: sku.id, brandId: sku.brandId },
        after: {
          ...sku,
          stock: stock.filter((p) => p.skuId === sku.id).map(({ nodeId, onHand, reserved, safetyStock }) => ({ node: nodeCode.get(nodeId), onHand, reserved, safetyStock })),
        },
        reason,
      })),
    ]);
  });
  await seedInventoryLifecycle(dataSource, logger);
}
