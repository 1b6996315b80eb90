import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision ledger, the same in every subgraph database: append-only, enforced by triggers
 * that refuse UPDATE, DELETE and TRUNCATE for everyone (a superuser must disable them on purpose,
 * and `verify` will then show what was changed).
 */
export async function createLedgerTable(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE ledger_entry (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      id uuid NOT NULL UNIQUE,
      occurred_at timestamptz NOT NULL,
      actor_subject text NOT NULL,
      actor_roles text[] NOT NULL,
      actor_on_behalf_of text,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      brand_id uuid,
      capability text,
      before jsonb,
      after jsonb,
      reason text NOT NULL CHECK (length(btrim(reason)) > 0),
      evidence jsonb,
      request_id text,
      prev_hash char(64) NOT NULL UNIQUE,
      hash char(64) NOT NULL UNIQUE
    )`);
  await q.query('CREATE INDEX ledger_entry_brand ON ledger_entry (brand_id, seq DESC)');
  await q.query('CREATE INDEX ledger_entry_subject ON ledger_entry (subject_type, subject_id, seq DESC)');
  await q.query('CREATE INDEX ledger_entry_time ON ledger_entry (occurred_at)');
  await q.query(`
    CREATE FUNCTION ledger_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger_entry is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await q.query(`CREATE TRIGGER ledger_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entry
                 FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_append_only()`);
  await q.query(`CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
                 FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_is_append_only()`);
}

export async function dropLedgerTable(q: QueryRunner): Promise<void> {
  await q.query('DROP TABLE ledger_entry');
  await q.query('DROP FUNCTION ledger_entry_is_append_only');
}

/** The ledger migration every subgraph that keeps a ledger runs (the subgraph kit adds it). */
export class Ledger1763790000000 implements MigrationInterface {
  name = 'Ledger1763790000000';

  up(q: QueryRunner): Promise<void> {
    return createLedgerTable(q);
  }

  down(q: QueryRunner): Promise<void> {
    return dropLedgerTable(q);
  }
}
