import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numeric } from '../../../../shared/src/db/numeric';

/** The measured cradle-to-gate footprint of one SKU; the SKU itself lives in the inventory subgraph. */
@Entity('sku_footprint')
export class SkuFootprintEntity {
  @PrimaryColumn('uuid', { name: 'sku_id' })
  skuId: string;

  /** Copied from the SKU when measured, so a brand's figures aggregate without asking inventory. */
  @Column('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('numeric', { name: 'kg_co2e', precision: 8, scale: 3, transformer: numeric })
  kgCo2e: number;

  @Column('text')
  method: string;
}
