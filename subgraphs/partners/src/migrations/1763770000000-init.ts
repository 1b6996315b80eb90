import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763770000000 implements MigrationInterface {
  name = 'Init1763770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('THREE_PL', 'LICENSEE', 'MARKETPLACE', 'MANUFACTURER', 'DROPSHIPPER')),
        status text NOT NULL CHECK (status IN ('ACTIVE', 'PROBATION', 'SUSPENDED', 'TERMINATED')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // brand_id has no foreign key: brands live in the brands subgraph's database.
    await q.query(`
      CREATE TABLE contract (
        id uuid PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partner (id),
        brand_id uuid NOT NULL,
        capability_scope text[] NOT NULL,
        sla_targets jsonb NOT NULL,
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        CHECK (valid_to >= valid_from)
      )`);
    await q.query('CREATE INDEX contract_brand_id_idx ON contract (brand_id)');
    await q.query('CREATE INDEX contract_partner_id_idx ON contract (partner_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE contract');
    await q.query('DROP TABLE partner');
  }
}
