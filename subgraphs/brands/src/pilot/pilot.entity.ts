import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numeric } from '../../../../shared/src/db/numeric';
import type { OperatingModel } from '../decision/recommend';
import type { PilotEvaluation, PilotMetric } from './pilot-outcome';

export type PilotStatus = 'PLANNED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABANDONED';

export interface PilotScopeFacts {
  regions: string[];
  channels: string[];
  skuIds: string[];
}

@Entity('pilot')
export class PilotEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'brand_id' }) brandId: string;
  @Column('uuid', { name: 'capability_id' }) capabilityId: string;
  @Column('text') model: OperatingModel;
  @Column('text', { name: 'baseline_model', nullable: true }) baselineModel: OperatingModel | null;
  @Column('text') hypothesis: string;
  @Column('jsonb') scope: PilotScopeFacts;
  @Column('jsonb') metrics: PilotMetric[];
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on' }) endsOn: string;
  @Column('text') status: PilotStatus;
  @Column('text', { name: 'planned_by' }) plannedBy: string;
  @Column('timestamptz', { name: 'planned_at' }) plannedAt: Date;
  @Column('text', { name: 'started_by', nullable: true }) startedBy: string | null;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column('text', { name: 'concluded_by', nullable: true }) concludedBy: string | null;
  @Column('timestamptz', { name: 'concluded_at', nullable: true }) concludedAt: Date | null;
  @Column('text', { name: 'conclusion_reason', nullable: true }) conclusionReason: string | null;
  /** The evaluation the conclusion was made on, kept as it was then. */
  @Column('jsonb', { nullable: true }) evaluation: PilotEvaluation | null;
}

@Entity('pilot_measurement')
export class PilotMeasurementEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'pilot_id' }) pilotId: string;
  @Column('uuid', { name: 'brand_id' }) brandId: string;
  @Column('text') metric: string;
  @Column('numeric', { transformer: numeric }) value: number;
  @Column('timestamptz', { name: 'measured_at' }) measuredAt: Date;
  @Column('text') source: string;
  @Column('text', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
