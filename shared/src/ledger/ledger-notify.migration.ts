import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger as a change feed: every statement that appends to `ledger_entry` sends
 * `pg_notify('trellis_ledger', '')` in its own transaction. PostgreSQL delivers a notification only
 * when that transaction commits (and never if it rolls back), so listeners hear of exactly the
 * committed changes — whichever code path, process or replica appended them. The gateway's
 * response cache listens (see `LedgerEpochs`). Identical notifications of one transaction are
 * folded into one by PostgreSQL.
 */
export const LEDGER_CHANNEL = 'trellis_ledger';

export class LedgerNotify1764000000000 implements MigrationInterface {
  name = 'LedgerNotify1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ledger_entry_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${LEDGER_CHANNEL}', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ledger_entry_notify AFTER INSERT ON ledger_entry FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER ledger_entry_notify ON ledger_entry');
    await q.query('DROP FUNCTION ledger_entry_notify');
  }
}
