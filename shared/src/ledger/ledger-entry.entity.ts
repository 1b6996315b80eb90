import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

@Entity('ledger_entry')
export class LedgerEntryEntity {
  @PrimaryColumn('bigint', { transformer: bigintAsNumber })
  seq: number;

  @Column('uuid')
  id: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('text', { name: 'actor_subject' })
  actorSubject: string;

  @Column('text', { name: 'actor_roles', array: true })
  actorRoles: string[];

  @Column('text', { name: 'actor_on_behalf_of', nullable: true })
  actorOnBehalfOf: string | null;

  @Column('text')
  action: string;

  @Column('text', { name: 'subject_type' })
  subjectType: string;

  @Column('text', { name: 'subject_id' })
  subjectId: string;

  @Column('uuid', { name: 'brand_id', nullable: true })
  brandId: string | null;

  @Column('text', { nullable: true })
  capability: string | null;

  @Column('jsonb', { nullable: true })
  before: unknown;

  @Column('jsonb', { nullable: true })
  after: unknown;

  @Column('text')
  reason: string;

  @Column('jsonb', { nullable: true })
  evidence: unknown;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('char', { name: 'prev_hash', length: 64 })
  prevHash: string;

  @Column('char', { length: 64 })
  hash: string;
}

/** The part of a row its hash covers, in the shape `entryHash` expects. */
export function hashedPart(row: LedgerEntryEntity) {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actor: { subject: row.actorSubject, roles: row.actorRoles, onBehalfOf: row.actorOnBehalfOf },
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId, brandId: row.brandId, capability: row.capability },
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason,
    evidence: row.evidence ?? null,
    requestId: row.requestId,
  };
}
