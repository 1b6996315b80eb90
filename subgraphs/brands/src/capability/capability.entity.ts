import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CapabilityLayer } from './capability.type';

@Entity('capability')
export class CapabilityEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  layer: `${CapabilityLayer}`;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;
}
