import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The service catalogue: shared services as products, each with its objective and monthly cost. */
export class Init1765000000000 implements MigrationInterface {
  name = 'Init1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE shared_service (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,62}$'),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        capability_code text NOT NULL,
        capability_id uuid NOT NULL,
        subgraphs text[] NOT NULL CHECK (cardinality(subgraphs) > 0),
        owner_team text NOT NULL,
        slo_p99_ms int NOT NULL CHECK (slo_p99_ms > 0),
        slo_error_rate numeric(8, 6) NOT NULL CHECK (slo_error_rate > 0 AND slo_error_rate < 1),
        monthly_cost numeric(14, 2) NOT NULL CHECK (monthly_cost >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        roadmap text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE shared_service');
  }
}
