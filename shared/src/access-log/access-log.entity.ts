import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('access_log')
export class AccessLogEntity {
  @PrimaryColumn('bigint')
  id: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('text')
  subject: string;

  @Column('text', { array: true })
  roles: string[];

  @Column('text', { name: 'on_behalf_of', nullable: true })
  onBehalfOf: string | null;

  @Column('text')
  coordinate: string;

  @Column('uuid', { name: 'brand_id', nullable: true })
  brandId: string | null;

  @Column('text', { name: 'request_id' })
  requestId: string;

  @Column('int')
  reads: number;
}
