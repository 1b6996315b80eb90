import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Client apps and their registered (persisted) operations, from Apollo persisted-query manifests. */
export class ClientApps1765000000001 implements MigrationInterface {
  name = 'ClientApps1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_app (
        name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'),
        brand_slug text NOT NULL,
        persisted_mode text CHECK (persisted_mode IN ('off', 'allow', 'require')),
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE client_operation (
        client_name text NOT NULL REFERENCES client_app (name),
        id text NOT NULL,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('query', 'mutation', 'subscription')),
        body text NOT NULL,
        body_hash char(64) NOT NULL,
        registered_at timestamptz NOT NULL,
        PRIMARY KEY (client_name, id)
      )`);
    await q.query('CREATE INDEX client_operation_body ON client_operation (client_name, body_hash)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE client_operation');
    await q.query('DROP TABLE client_app');
  }
}
