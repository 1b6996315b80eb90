import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BreakingChange, ChangeKind, ChangeStatus, CheckReport, GovernanceChange } from './api';

/** A check report as stored: rows written before governance checks existed have no `governance`. */
export type StoredCheckReport = Omit<CheckReport, 'governance'> & { governance?: GovernanceChange[] };

@Entity('subgraph_version')
export class SubgraphVersionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('int') version: number;
  @Column('text', { name: 'routing_url' }) routingUrl: string;
  @Column('text') sdl: string;
  @Column('char', { name: 'sdl_hash', length: 64 }) sdlHash: string;
  @Column('text', { name: 'published_by' }) publishedBy: string;
  @Column('timestamptz', { name: 'published_at' }) publishedAt: Date;
  @Column('text') reason: string;
  @Column('jsonb', { name: 'accepted_breaking', nullable: true }) acceptedBreaking: BreakingChange[] | null;
  @Column('jsonb', { name: 'accepted_governance', nullable: true }) acceptedGovernance: GovernanceChange[] | null;
  /** Who approved its governance changes (the proposer is `publishedBy`). */
  @Column('text', { name: 'approved_by', nullable: true }) approvedBy: string | null;
  @Column('jsonb') checks: StoredCheckReport;
  /** A removal is recorded as a version of its own. */
  @Column('boolean') removed: boolean;
}

@Entity('supergraph')
export class SupergraphEntity {
  @PrimaryColumn('int') version: number;
  @Column('text') sdl: string;
  @Column('char', { length: 64 }) hash: string;
  /** The subgraph versions it was composed from: name → subgraph_version id. */
  @Column('jsonb') subgraphs: Record<string, string>;
  @Column('text', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('text') reason: string;
  @Column('int', { name: 'rolled_back_to', nullable: true }) rolledBackTo: number | null;
}

/** A change with governance changes, proposed and waiting for someone else to approve or reject it. */
@Entity('registry_change')
export class RegistryChangeEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') kind: ChangeKind;
  /** The subgraph published or removed (null for a rollback). */
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { name: 'routing_url', nullable: true }) routingUrl: string | null;
  @Column('text', { nullable: true }) sdl: string | null;
  /** A rollback's target supergraph version. */
  @Column('int', { nullable: true }) restores: number | null;
  /**
   * What it was proposed against: the subgraph's newest version (0: none) for a publish or
   * removal, the live supergraph's version for a rollback. Approval needs it unchanged.
   */
  @Column('int', { name: 'base_version' }) baseVersion: number;
  @Column('text') reason: string;
  @Column('text', { name: 'proposed_by' }) proposedBy: string;
  @Column('text', { name: 'proposed_on_behalf_of', nullable: true }) proposedOnBehalfOf: string | null;
  @Column('timestamptz', { name: 'proposed_at' }) proposedAt: Date;
  @Column('jsonb') governance: GovernanceChange[];
  @Column('jsonb', { name: 'accepted_breaking' }) acceptedBreaking: BreakingChange[];
  @Column('text') status: ChangeStatus;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { name: 'decision_reason', nullable: true }) decisionReason: string | null;
  @Column('int', { name: 'supergraph_version', nullable: true }) supergraphVersion: number | null;
}

export const REGISTRY_ENTITIES = [SubgraphVersionEntity, SupergraphEntity, RegistryChangeEntity];
