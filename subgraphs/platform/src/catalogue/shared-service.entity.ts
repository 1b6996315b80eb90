import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numeric } from '../../../../shared/src/db/numeric';

@Entity('shared_service')
export class SharedServiceEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text', { name: 'capability_code' }) capabilityCode: string;
  @Column('uuid', { name: 'capability_id' }) capabilityId: string;
  @Column('text', { array: true }) subgraphs: string[];
  @Column('text', { name: 'owner_team' }) ownerTeam: string;
  @Column('int', { name: 'slo_p99_ms' }) sloP99Ms: number;
  @Column('numeric', { name: 'slo_error_rate', precision: 8, scale: 6, transformer: numeric }) sloErrorRate: number;
  @Column('numeric', { name: 'monthly_cost', precision: 14, scale: 2, transformer: numeric }) monthlyCost: number;
  @Column('char', { length: 3 }) currency: string;
  @Column('text') roadmap: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
