import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Decisions1763800000000 implements MigrationInterface {
  name = 'Decisions1763800000000';

  async up(q: QueryRunner): Promise<void> {
    const score = (name: string) => `${name} smallint NOT NULL CHECK (${name} BETWEEN 1 AND 5)`;
    await q.query(`
      CREATE TABLE capability_assessment (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL REFERENCES brand (id),
        capability_id uuid NOT NULL REFERENCES capability (id),
        ${['differentiation', 'risk', 'reuse_potential', 'demand_volatility', 'process_commonality', 'platform_maturity'].map(score).join(',\n')},
        assessor text NOT NULL,
        notes text,
        assessed_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX capability_assessment_latest ON capability_assessment (brand_id, capability_id, assessed_at DESC, id)');
    const models = "('OPERATE', 'ORCHESTRATE', 'FEDERATE', 'PARTNER')";
    await q.query(`
      CREATE TABLE operating_model_decision (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL REFERENCES brand (id),
        capability_id uuid NOT NULL REFERENCES capability (id),
        version int NOT NULL CHECK (version > 0),
        model text NOT NULL CHECK (model IN ${models}),
        status text NOT NULL CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED', 'SUPERSEDED')),
        supersedes_id uuid REFERENCES operating_model_decision (id),
        rationale text NOT NULL,
        evidence jsonb NOT NULL DEFAULT '[]',
        is_exception boolean NOT NULL,
        recommended_model text NOT NULL CHECK (recommended_model IN ${models}),
        assessment_id uuid NOT NULL REFERENCES capability_assessment (id),
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL,
        decided_by text,
        decided_at timestamptz,
        decision_note text,
        effective_from timestamptz,
        superseded_at timestamptz,
        review_due_at timestamptz,
        UNIQUE (brand_id, capability_id, version),
        CHECK (NOT is_exception OR jsonb_array_length(evidence) > 0),
        CHECK (NOT is_exception OR status <> 'APPROVED' OR decided_by IS DISTINCT FROM proposed_by)
      )`);
    // At most one decision in effect per brand × capability.
    await q.query(`CREATE UNIQUE INDEX operating_model_decision_in_effect ON operating_model_decision (brand_id, capability_id) WHERE status = 'APPROVED'`);
    await q.query('CREATE INDEX operating_model_decision_review ON operating_model_decision (review_due_at) WHERE status = \'APPROVED\'');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE operating_model_decision');
    await q.query('DROP TABLE capability_assessment');
  }
}
