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

  /** When on hand was last confirmed: a count or correction (adjustStock), or a shipment. */
  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
