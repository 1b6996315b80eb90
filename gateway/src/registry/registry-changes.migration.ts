import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Governance changes wait for approval in `registry_change`; a version records what was accepted and who approved it. */
export class RegistryChanges1764400000000 implements MigrationInterface {
  name = 'RegistryChanges1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE subgraph_version ADD COLUMN accepted_governance jsonb, ADD COLUMN approved_by text');
    await q.query(`
      CREATE TABLE registry_change (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('publish', 'remove', 'rollback')),
        name text CHECK (name ~ '^[a-z][a-z0-9-]*$'),
        routing_url text,
        sdl text,
        restores int,
        base_version int NOT NULL CHECK (base_version >= 0),
        reason text NOT NULL,
        proposed_by text NOT NULL,
        proposed_on_behalf_of text,
        proposed_at timestamptz NOT NULL,
        governance jsonb NOT NULL,
        accepted_breaking jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
        decided_by text,
        decided_at timestamptz,
        decision_reason text,
        supergraph_version int REFERENCES supergraph (version),
        CHECK ((kind = 'rollback') = (restores IS NOT NULL) AND (kind = 'rollback') = (name IS NULL)),
        CHECK ((status = 'PENDING') = (decided_by IS NULL))
      )`);
    await q.query('CREATE INDEX registry_change_pending ON registry_change (proposed_at) WHERE status = \'PENDING\'');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE registry_change');
    await q.query('ALTER TABLE subgraph_version DROP COLUMN accepted_governance, DROP COLUMN approved_by');
  }
}
