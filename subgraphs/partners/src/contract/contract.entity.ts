import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SlaTarget } from './contract.type';

@Entity('contract')
export class ContractEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Indexed by the migration, as is brand_id. */
  @Column('uuid', { name: 'partner_id' })
  partnerId: string;

  /** No foreign key: brands live in the brands subgraph's database. */
  @Column('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('text', { name: 'capability_scope', array: true })
  capabilityScope: string[];

  @Column('jsonb', { name: 'sla_targets' })
  slaTargets: SlaTarget[];

  /** PostgreSQL `date`: TypeORM hands it back as 'YYYY-MM-DD'. */
  @Column('date', { name: 'valid_from' })
  validFrom: string;

  @Column('date', { name: 'valid_to' })
  validTo: string;
}
