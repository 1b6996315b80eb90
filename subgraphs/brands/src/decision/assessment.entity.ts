import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('capability_assessment')
export class AssessmentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('uuid', { name: 'capability_id' })
  capabilityId: string;

  @Column('smallint')
  differentiation: number;

  @Column('smallint')
  risk: number;

  @Column('smallint', { name: 'reuse_potential' })
  reusePotential: number;

  @Column('smallint', { name: 'demand_volatility' })
  demandVolatility: number;

  @Column('smallint', { name: 'process_commonality' })
  processCommonality: number;

  @Column('smallint', { name: 'platform_maturity' })
  platformMaturity: number;

  @Column('text')
  assessor: string;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('timestamptz', { name: 'assessed_at' })
  assessedAt: Date;
}
