import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PartnerGovernance1763800000000 implements MigrationInterface {
  name = 'PartnerGovernance1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contract
        ADD COLUMN model text NOT NULL DEFAULT 'OUTSOURCE' CHECK (model IN ('LICENSE', 'OUTSOURCE', 'MANAGED_SERVICE', 'MARKETPLACE')),
        ADD COLUMN kpi_weights jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN audit_rights jsonb NOT NULL DEFAULT '{"scope": "Operations and records of the contracted service", "frequency": "ANNUAL", "noticeDays": 30}',
        ADD COLUMN escalation_steps jsonb NOT NULL DEFAULT '[{"level": 1, "role": "Account manager", "responseHours": 48}]',
        ADD COLUMN exit_terms jsonb NOT NULL DEFAULT '{"noticeDays": 90, "cureDays": 30, "transitionDays": 60}',
        ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version > 0),
        ADD COLUMN supersedes_id uuid REFERENCES contract (id),
        ADD COLUMN lineage_id uuid,
        ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUPERSEDED', 'NOTICE_GIVEN')),
        ADD COLUMN notice_given_at timestamptz,
        ADD COLUMN exit_date date,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    await q.query('UPDATE contract SET lineage_id = id WHERE lineage_id IS NULL');
    await q.query('ALTER TABLE contract ALTER COLUMN lineage_id SET NOT NULL');
    await q.query('CREATE UNIQUE INDEX contract_lineage_version ON contract (lineage_id, version)');
    await q.query(`
      CREATE TABLE performance_report (
        id uuid PRIMARY KEY,
        contract_id uuid NOT NULL REFERENCES contract (id),
        partner_id uuid NOT NULL REFERENCES partner (id),
        brand_id uuid NOT NULL,
        period char(7) NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        version int NOT NULL CHECK (version > 0),
        actuals jsonb NOT NULL,
        kpis jsonb NOT NULL,
        weighted_score numeric(6, 4) NOT NULL,
        current boolean NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        UNIQUE (contract_id, period, version)
      )`);
    await q.query('CREATE UNIQUE INDEX performance_report_current ON performance_report (contract_id, period) WHERE current');
    await q.query('CREATE INDEX performance_report_partner ON performance_report (partner_id, period) WHERE current');
    await q.query(`
      CREATE TABLE breach (
        id uuid PRIMARY KEY,
        contract_id uuid NOT NULL REFERENCES contract (id),
        partner_id uuid NOT NULL REFERENCES partner (id),
        brand_id uuid NOT NULL,
        period char(7) NOT NULL,
        kpi text NOT NULL,
        target numeric NOT NULL,
        actual numeric NOT NULL,
        direction text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('MINOR', 'MAJOR', 'CRITICAL')),
        cure_due_at timestamptz NOT NULL,
        escalation_level int NOT NULL CHECK (escalation_level > 0),
        status text NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
        opened_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolution jsonb
      )`);
    await q.query("CREATE UNIQUE INDEX breach_open ON breach (contract_id, period, kpi) WHERE status = 'OPEN'");
    await q.query("CREATE INDEX breach_partner_open ON breach (partner_id) WHERE status = 'OPEN'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE breach');
    await q.query('DROP TABLE performance_report');
    for (const column of ['model', 'kpi_weights', 'audit_rights', 'escalation_steps', 'exit_terms', 'version', 'supersedes_id', 'lineage_id', 'status', 'notice_given_at', 'exit_date', 'created_at']) {
      await q.query(`ALTER TABLE contract DROP COLUMN ${column}`);
    }
  }
}
