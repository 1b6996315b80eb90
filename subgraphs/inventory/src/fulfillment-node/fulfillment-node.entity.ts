import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numeric } from '../../../../shared/src/db/numeric';
import type { NodeKind, NodeOperatorType } from './fulfillment-node.type';

@Entity('fulfillment_node')
export class FulfillmentNodeEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: `${NodeKind}`;

  @Column('text')
  region: string;

  @Column('text', { name: 'operator_type' })
  operatorType: `${NodeOperatorType}`;

  @Column('uuid', { name: 'operator_brand_id', nullable: true })
  operatorBrandId: string | null;

  @Column('uuid', { name: 'operator_partner_id', nullable: true })
  operatorPartnerId: string | null;

  @Column('numeric', { name: 'cost_per_unit', precision: 10, scale: 2, transformer: numeric })
  costPerUnit: number;

  @Column('int', { name: 'handling_days' })
  handlingDays: number;

  @Column('int', { name: 'daily_capacity' })
  dailyCapacity: number;

  @Column('boolean')
  active: boolean;
}
