import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerKind, PartnerStatus } from './partner.type';

@Entity('partner')
export class PartnerEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  name: string;

  @Column('text')
  kind: `${PartnerKind}`;

  @Column('text')
  status: `${PartnerStatus}`;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
