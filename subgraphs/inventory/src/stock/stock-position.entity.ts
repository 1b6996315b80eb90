import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('stock_position')
export class StockPositionEntity {
  @PrimaryColumn('uuid', { name: 'sku_id' })
  skuId: string;

  @PrimaryColumn('uuid', { name: 'node_id' })
  nodeId: string;

  @Column('int', { name: 'on_hand' })
  onHand: number;

  @Column('int')
  reserved: number;

  @Column('int', { name: 'safety_stock' })
  safetyStock: number;
}

/**
 * Units that can still be promised at a node: on hand, less what is already reserved for orders,
 * less the safety stock kept back. Never below zero: a node short of its safety stock offers none.
 */
export function availableAt(position: Pick<StockPositionEntity, 'onHand' | 'reserved' | 'safetyStock'>): number {
  return Math.max(0, position.onHand - position.reserved - position.safetyStock);
}
