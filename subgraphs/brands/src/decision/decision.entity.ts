import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OperatingModel } from './recommend';

export type DecisionStatus = 'PROPOSED' | 'APPROVED' | 'REJECTED' | 'SUPERSEDED';
export type EvidenceKind = 'INCREMENTAL_REVENUE' | 'CONVERSION_LIFT' | 'RISK_REDUCTION' | 'STRATEGIC_DIFFERENTIATION' | 'PILOT_RESULT';

export interface EvidenceItem {
  kind: EvidenceKind;
  measuredValue: number;
  unit: string | null;
  source: string;
  description: string | null;
}

@Entity('operating_model_decision')
export class DecisionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('uuid', { name: 'capability_id' })
  capabilityId: string;

  @Column('int')
  version: number;

  @Column('text')
  model: OperatingModel;

  @Column('text')
  status: DecisionStatus;

  @Column('uuid', { name: 'supersedes_id', nullable: true })
  supersedesId: string | null;

  @Column('text')
  rationale: string;

  @Column('jsonb')
  evidence: EvidenceItem[];

  @Column('boolean', { name: 'is_exception' })
  isException: boolean;

  @Column('text', { name: 'recommended_model' })
  recommendedModel: OperatingModel;

  @Column('uuid', { name: 'assessment_id' })
  assessmentId: string;

  @Column('text', { name: 'proposed_by' })
  proposedBy: string;

  @Column('timestamptz', { name: 'proposed_at' })
  proposedAt: Date;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column('text', { name: 'decision_note', nullable: true })
  decisionNote: string | null;

  @Column('timestamptz', { name: 'effective_from', nullable: true })
  effectiveFrom: Date | null;

  @Column('timestamptz', { name: 'superseded_at', nullable: true })
  supersededAt: Date | null;

  @Column('timestamptz', { name: 'review_due_at', nullable: true })
  reviewDueAt: Date | null;

  /** The concluded pilot the proposal cites as evidence, if any. */
  @Column('uuid', { name: 'pilot_id', nullable: true })
  pilotId: string | null;
}
