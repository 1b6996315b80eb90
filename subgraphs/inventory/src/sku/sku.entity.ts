import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numeric } from '../../../../shared/src/db/numeric';

@Entity('sku')
export class SkuEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('text', { unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('numeric', { precision: 12, scale: 2, transformer: numeric })
  price: number;

  @Column('numeric', { name: 'unit_cost', precision: 12, scale: 2, transformer: numeric })
  unitCost: number;
}
