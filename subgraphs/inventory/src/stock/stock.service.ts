import type { DataSource } from 'typeorm';
import { mayAccessBrandId } from '../../../../shared/src/auth/principal';
import { badInput, notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { MAX_INT4 } from '../../../../shared/src/db/int-range';
import { forbiddenBrandError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { FulfillmentNodeEntity } from '../fulfillment-node/fulfillment-node.entity';
import { SkuEntity } from '../sku/sku.entity';
import { StockPositionEntity } from './stock-position.entity';

/**
 * Corrects the units on hand of one SKU at one node (a count, a write-off, a receipt). On hand may
 * never fall below what is reserved for orders. A position is created by a first positive delta.
 */
export async function adjustStock(
  dataSource: DataSource,
  context: AuditContext,
  input: { skuId: string; nodeId: string; delta: number; reason: string },
): Promise<StockPositionEntity> {
  const skuId = requireUuid('skuId', input.skuId);
  const nodeId = requireUuid('nodeId', input.nodeId);
  if (!Number.isInteger(input.delta) || input.delta === 0) throw badInput('delta', 'must be a whole number of units other than 0.');
  const reason = requireReason(input.reason);

  return audited(dataSource, context, async ({ manager, record }) => {
    const sku = await manager.findOneBy(SkuEntity, { id: skuId });
    if (!sku) throw notFound(`SKU ${skuId}`);
    if (!mayAccessBrandId(context.principal, sku.brandId)) throw forbiddenBrandError(`SKU ${sku.code}`);
    const node = await manager.findOneBy(FulfillmentNodeEntity, { id: nodeId });
    if (!node) throw notFound(`Fulfillment node ${nodeId}`);

    const positions = manager.getRepository(StockPositionEntity);
    const current = await positions.findOne({ where: { skuId, nodeId }, lock: { mode: 'pessimistic_write' } });
    const before = { onHand: current?.onHand ?? 0, reserved: current?.reserved ?? 0 };
    const onHand = before.onHand + input.delta;
    if (onHand > MAX_INT4) {
      throw badInput('delta', `${sku.code} at ${node.code} has ${before.onHand} on hand; a change of ${input.delta} would leave ${onHand}, more than the ${MAX_INT4} units a position can hold.`);
    }
    if (onHand < before.reserved) {
      throw trellisError(
        'INSUFFICIENT_STOCK',
        `${sku.code} at ${node.code}: ${before.onHand} on hand and ${before.reserved} reserved; a change of ${input.delta} would leave ${onHand} on hand.`,
        before,
      );
    }
    const position = current ?? Object.assign(new StockPositionEntity(), { skuId, nodeId, reserved: 0, safetyStock: 0 });
    position.onHand = onHand;
    position.updatedAt = new Date();
    await positions.save(position);
    record({
      subject: { type: 'StockPosition', id: `${sku.code}@${node.code}`, brandId: sku.brandId },
      before,
      after: { onHand, reserved: before.reserved, delta: input.delta },
      reason,
    });
    return position;
  });
}
