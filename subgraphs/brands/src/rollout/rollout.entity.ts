import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OperatingModel } from '../decision/recommend';
import type { Gate, PhaseName } from './phase-gates';

export type RolloutStatus = 'IN_PROGRESS' | 'COMPLETED' | 'SUPERSEDED';

export interface RolloutDesignFacts {
  responsibilities: { activity: string; owner: string }[];
  kpis: { kpi: string; target: number; unit: string | null }[];
  escalationPath: { level: number; role: string; responseHours: number }[];
  recordedBy: string;
  recordedAt: string;
}

@Entity('rollout')
export class RolloutEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'brand_id' }) brandId: string;
  @Column('uuid', { name: 'capability_id' }) capabilityId: string;
  @Column('uuid', { name: 'decision_id' }) decisionId: string;
  @Column('text', { name: 'from_model' }) fromModel: OperatingModel;
  @Column('text', { name: 'to_model' }) toModel: OperatingModel;
  @Column('text') status: RolloutStatus;
  @Column('timestamptz', { name: 'opened_at' }) openedAt: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('jsonb', { nullable: true }) design: RolloutDesignFacts | null;
}

@Entity('rollout_phase')
export class RolloutPhaseEntity {
  @PrimaryColumn('uuid', { name: 'rollout_id' }) rolloutId: string;
  @PrimaryColumn('text') phase: PhaseName;
  @Column('int') position: number;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column('text', { name: 'completed_by', nullable: true }) completedBy: string | null;
  /** The gates as they were met when the phase completed. */
  @Column('jsonb', { nullable: true }) gates: Gate[] | null;
}
