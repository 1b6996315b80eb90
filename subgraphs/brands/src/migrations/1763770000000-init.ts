import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763770000000 implements MigrationInterface {
  name = 'Init1763770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE brand (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
        name text NOT NULL,
        portfolio_role text NOT NULL CHECK (portfolio_role IN ('CORE', 'GROWTH', 'HERITAGE', 'NICHE', 'INCUBATION')),
        lifecycle text NOT NULL CHECK (lifecycle IN ('GROWING', 'STABLE', 'DECLINING', 'SUNSET')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE capability (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
        name text NOT NULL,
        layer text NOT NULL CHECK (layer IN ('EDGE', 'CONTROL_PLANE')),
        parent_id uuid REFERENCES capability (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE capability');
    await q.query('DROP TABLE brand');
  }
}
