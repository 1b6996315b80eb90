import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Kpi, SlaTarget } from '../performance/scorecard';

export type ContractModel = 'LICENSE' | 'OUTSOURCE' | 'MANAGED_SERVICE' | 'MARKETPLACE';
export type ContractStatus = 'ACTIVE' | 'SUPERSEDED' | 'NOTICE_GIVEN';

export interface AuditRights {
  scope: string;
  frequency: string;
  noticeDays: number;
}

export interface EscalationStep {
  level: number;
  role: string;
  responseHours: number;
}

/** What the brand pays the partner beyond the per-unit handling of its nodes: a fixed monthly fee and a fee per order it ships. */
export interface ContractFees {
  monthlyFee: number;
  feePerOrder: number;
}

export const NO_FEES: ContractFees = { monthlyFee: 0, feePerOrder: 0 };

export interface ExitTerms {
  noticeDays: number;
  cureDays: number;
  transitionDays: number;
}

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

  @Column('text')
  model: ContractModel;

  @Column('jsonb', { name: 'kpi_weights' })
  kpiWeights: Partial<Record<Kpi, number>>;

  @Column('jsonb', { name: 'audit_rights' })
  auditRights: AuditRights;

  @Column('jsonb', { name: 'escalation_steps' })
  escalationSteps: EscalationStep[];

  @Column('jsonb', { name: 'exit_terms' })
  exitTerms: ExitTerms;

  @Column('jsonb')
  fees: ContractFees;

  @Column('int')
  version: number;

  @Column('uuid', { name: 'supersedes_id', nullable: true })
  supersedesId: string | null;

  /** The id of the first version: every version of one contract shares it. */
  @Column('uuid', { name: 'lineage_id' })
  lineageId: string;

  @Column('text')
  status: ContractStatus;

  @Column('timestamptz', { name: 'notice_given_at', nullable: true })
  noticeGivenAt: Date | null;

  @Column('date', { name: 'exit_date', nullable: true })
  exitDate: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
