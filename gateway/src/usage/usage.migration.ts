import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's usage records, in the registry's database: operations per minute (client app,
 * the caller's brands, operation, subgraphs fetched), each operation's shape (the schema
 * coordinates it uses), subgraph fetches per minute with a latency histogram, and refusals of
 * operations that are not registered. Written only by gateways, off the request path; the
 * platform subgraph and the registry's checks read them.
 */
export class Usage1765000000000 implements MigrationInterface {
  name = 'Usage1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE usage_operation (
        minute timestamptz NOT NULL,
        client_name text NOT NULL,
        client_version text NOT NULL,
        brand_ids text NOT NULL,
        operation_hash text NOT NULL,
        operation_name text NOT NULL,
        subgraphs text NOT NULL,
        requests double precision NOT NULL,
        errors double precision NOT NULL,
        duration_ms_sum double precision NOT NULL,
        cost_sum double precision NOT NULL,
        error_codes jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (minute, client_name, client_version, brand_ids, operation_hash, operation_name, subgraphs)
      )`);
    await q.query('CREATE INDEX usage_operation_hash ON usage_operation (operation_hash, minute)');
    await q.query(`
      CREATE TABLE usage_operation_shape (
        operation_hash text PRIMARY KEY,
        operation_name text NOT NULL,
        operation_type text NOT NULL,
        coordinates text[] NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX usage_operation_shape_coordinates ON usage_operation_shape USING gin (coordinates)');
    await q.query(`
      CREATE TABLE usage_subgraph_fetch (
        minute timestamptz NOT NULL,
        subgraph text NOT NULL,
        requests bigint NOT NULL,
        errors bigint NOT NULL,
        duration_ms_sum double precision NOT NULL,
        buckets bigint[] NOT NULL,
        PRIMARY KEY (minute, subgraph)
      )`);
    await q.query(`
      CREATE TABLE usage_refusal (
        minute timestamptz NOT NULL,
        client_name text NOT NULL,
        code text NOT NULL,
        requests bigint NOT NULL,
        PRIMARY KEY (minute, client_name, code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE usage_refusal');
    await q.query('DROP TABLE usage_subgraph_fetch');
    await q.query('DROP TABLE usage_operation_shape');
    await q.query('DROP TABLE usage_operation');
  }
}
