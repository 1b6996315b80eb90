import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BreakingChange } from './breaking-changes';

export interface CheckReport {
  ok: boolean;
  composition: string[];
  breaking: BreakingChange[];
}

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
  @Column('jsonb') checks: CheckReport;
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
