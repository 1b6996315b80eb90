import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operating-model lifecycle: pilots with success metrics fixed before they start and their
 * measurements; rollouts of a changed decision in three phases; a decision may cite a pilot.
 */
export class Lifecycle1764300000000 implements MigrationInterface {
  name = 'Lifecycle1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const models = "('OPERATE', 'ORCHESTRATE', 'FEDERATE', 'PARTNER')";
    await q.query(`
      CREATE TABLE pilot (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL REFERENCES brand (id),
        capability_id uuid NOT NULL REFERENCES capability (id),
        model text NOT NULL CHECK (model IN ${models}),
        baseline_model text CHECK (baseline_model IN ${models}),
        hypothesis text NOT NULL,
        scope jsonb NOT NULL,
        metrics jsonb NOT NULL CHECK (jsonb_array_length(metrics) > 0),
        starts_on date NOT NULL,
        ends_on date NOT NULL CHECK (ends_on >= starts_on),
        status text NOT NULL CHECK (status IN ('PLANNED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ABANDONED')),
        planned_by text NOT NULL,
        planned_at timestamptz NOT NULL,
        started_by text,
        started_at timestamptz,
        concluded_by text,
        concluded_at timestamptz,
        conclusion_reason text,
        evaluation jsonb,
        CHECK ((status = 'PLANNED') = (started_at IS NULL) OR status = 'ABANDONED'),
        CHECK ((status IN ('SUCCEEDED', 'FAILED', 'ABANDONED')) = (concluded_at IS NOT NULL))
      )`);
    // "Pilot the boundary": one open pilot per brand × capability at a time.
    await q.query("CREATE UNIQUE INDEX pilot_open ON pilot (brand_id, capability_id) WHERE status IN ('PLANNED', 'RUNNING')");
    await q.query('CREATE INDEX pilot_status ON pilot (status, brand_id)');
    await q.query(`
      CREATE TABLE pilot_measurement (
        id uuid PRIMARY KEY,
        pilot_id uuid NOT NULL REFERENCES pilot (id),
        brand_id uuid NOT NULL,
        metric text NOT NULL,
        value numeric NOT NULL,
        measured_at timestamptz NOT NULL,
        source text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX pilot_measurement_pilot ON pilot_measurement (pilot_id, measured_at)');
    await q.query('ALTER TABLE operating_model_decision ADD COLUMN pilot_id uuid REFERENCES pilot (id)');
    await q.query(`
      CREATE TABLE rollout (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL REFERENCES brand (id),
        capability_id uuid NOT NULL REFERENCES capability (id),
        decision_id uuid NOT NULL UNIQUE REFERENCES operating_model_decision (id),
        from_model text NOT NULL CHECK (from_model IN ${models}),
        to_model text NOT NULL CHECK (to_model IN ${models}),
        status text NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'SUPERSEDED')),
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        design jsonb,
        CHECK ((status = 'IN_PROGRESS') = (closed_at IS NULL))
      )`);
    await q.query("CREATE UNIQUE INDEX rollout_open ON rollout (brand_id, capability_id) WHERE status = 'IN_PROGRESS'");
    await q.query(`
      CREATE TABLE rollout_phase (
        rollout_id uuid NOT NULL REFERENCES rollout (id),
        phase text NOT NULL CHECK (phase IN ('DIAGNOSE', 'DESIGN', 'PILOT')),
        position int NOT NULL CHECK (position BETWEEN 1 AND 3),
        due_at timestamptz NOT NULL,
        completed_at timestamptz,
        completed_by text,
        gates jsonb,
        PRIMARY KEY (rollout_id, phase)
      )`);
    await q.query('CREATE INDEX rollout_phase_due ON rollout_phase (due_at) WHERE completed_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rollout_phase');
    await q.query('DROP TABLE rollout');
    await q.query('ALTER TABLE operating_model_decision DROP COLUMN pilot_id');
    await q.query('DROP TABLE pilot_measurement');
    await q.query('DROP TABLE pilot');
  }
}
