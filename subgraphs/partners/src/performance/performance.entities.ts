import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numeric } from '../../../../shared/src/db/numeric';
import type { Actual, Direction, KpiResult, Severity } from './scorecard';

@Entity('performance_report')
export class PerformanceReportEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('uuid', { name: 'partner_id' }) partnerId: string;
  @Column('uuid', { name: 'brand_id' }) brandId: string;
  @Column('char', { length: 7 }) period: string;
  @Column('int') version: number;
  @Column('jsonb') actuals: Actual[];
  @Column('jsonb') kpis: KpiResult[];
  @Column('numeric', { name: 'weighted_score', transformer: numeric }) weightedScore: number;
  @Column('boolean') current: boolean;
  @Column('text', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

export type BreachStatus = 'OPEN' | 'RESOLVED';

@Entity('breach')
export class BreachEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('uuid', { name: 'partner_id' }) partnerId: string;
  @Column('uuid', { name: 'brand_id' }) brandId: string;
  @Column('char', { length: 7 }) period: string;
  @Column('text') kpi: string;
  @Column('numeric', { transformer: numeric }) target: number;
  @Column('numeric', { transformer: numeric }) actual: number;
  @Column('text') direction: Direction;
  @Column('text') severity: Severity;
  @Column('timestamptz', { name: 'cure_due_at' }) cureDueAt: Date;
  @Column('int', { name: 'escalation_level' }) escalationLevel: number;
  @Column('text') status: BreachStatus;
  @Column('timestamptz', { name: 'opened_at' }) openedAt: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
  @Column('jsonb', { nullable: true }) resolution: { reason: string; evidence: unknown[]; by: string } | null;
}
