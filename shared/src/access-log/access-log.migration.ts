import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The access-log table, the same in every subgraph database. Rows are only ever inserted. */
export async function createAccessLogTable(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE access_log (
      id bigserial PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      subject text NOT NULL,
      roles text[] NOT NULL,
      on_behalf_of text,
      coordinate text NOT NULL,
      brand_id uuid,
      request_id text NOT NULL,
      reads int NOT NULL CHECK (reads > 0)
    )`);
  await q.query('CREATE INDEX access_log_time ON access_log (occurred_at DESC, id DESC)');
  await q.query('CREATE INDEX access_log_brand ON access_log (brand_id, occurred_at DESC)');
}

export async function dropAccessLogTable(q: QueryRunner): Promise<void> {
  await q.query('DROP TABLE access_log');
}

/** The access-log migration every subgraph that keeps an access log runs (the subgraph kit adds it). */
export class AccessLog1763780000000 implements MigrationInterface {
  name = 'AccessLog1763780000000';

  up(q: QueryRunner): Promise<void> {
    return createAccessLogTable(q);
  }

  down(q: QueryRunner): Promise<void> {
    return dropAccessLogTable(q);
  }
}
