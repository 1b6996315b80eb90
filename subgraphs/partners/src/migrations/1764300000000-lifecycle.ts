import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contracts carry their fees (for the cost to serve); notice-given contracts are found by exit date. */
export class Lifecycle1764300000000 implements MigrationInterface {
  name = 'Lifecycle1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contract ADD COLUMN fees jsonb NOT NULL DEFAULT '{"monthlyFee": 0, "feePerOrder": 0}'`);
    await q.query("CREATE INDEX contract_exit ON contract (exit_date) WHERE status = 'NOTICE_GIVEN'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX contract_exit');
    await q.query('ALTER TABLE contract DROP COLUMN fees');
  }
}
