import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service recovery and the lifecycle: stock positions know when on hand was last confirmed, a
 * reservation can be moved (REROUTED), a routing decision can be replaced by a reroute (one
 * current decision per order), records the channel and the pilot it was routed under, and orders
 * recovery could not move wait as routing exceptions for a person.
 */
export class Lifecycle1764300000000 implements MigrationInterface {
  name = 'Lifecycle1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE stock_position ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()');
    await q.query('ALTER TABLE reservation DROP CONSTRAINT reservation_status_check');
    await q.query("ALTER TABLE reservation ADD CONSTRAINT reservation_status_check CHECK (status IN ('ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED', 'REROUTED'))");
    await q.query("CREATE INDEX reservation_active_node ON reservation (node_id) WHERE status = 'ACTIVE'");
    await q.query(`
      ALTER TABLE routing_decision
        ADD COLUMN channel text,
        ADD COLUMN pilot_id uuid,
        ADD COLUMN trial_model text,
        ADD COLUMN rerouted_from_id uuid REFERENCES routing_decision (id),
        ADD COLUMN superseded_by_id uuid,
        ADD COLUMN reroute_reason text`);
    await q.query('ALTER TABLE routing_decision DROP CONSTRAINT routing_decision_brand_id_order_ref_key');
    // One current decision per order; the ones a reroute replaced stay as history.
    await q.query('CREATE UNIQUE INDEX routing_decision_current ON routing_decision (brand_id, order_ref) WHERE superseded_by_id IS NULL');
    await q.query('CREATE INDEX routing_decision_order ON routing_decision (brand_id, order_ref)');
    await q.query(`
      CREATE TABLE routing_exception (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        routing_decision_id uuid NOT NULL REFERENCES routing_decision (id),
        order_ref text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('NO_ELIGIBLE_NODE', 'INSUFFICIENT_STOCK')),
        cause text NOT NULL CHECK (cause IN ('INACTIVE', 'PARTNER_SUSPENDED', 'PARTNER_EXITED')),
        node_ids uuid[] NOT NULL,
        lines jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
        opened_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolved_by text,
        resolution text
      )`);
    await q.query("CREATE UNIQUE INDEX routing_exception_open ON routing_exception (routing_decision_id) WHERE status = 'OPEN'");
    await q.query('CREATE INDEX routing_exception_brand ON routing_exception (brand_id, opened_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE routing_exception');
    await q.query('DROP INDEX routing_decision_order');
    await q.query('DROP INDEX routing_decision_current');
    await q.query('ALTER TABLE routing_decision ADD CONSTRAINT routing_decision_brand_id_order_ref_key UNIQUE (brand_id, order_ref)');
    for (const column of ['channel', 'pilot_id', 'trial_model', 'rerouted_from_id', 'superseded_by_id', 'reroute_reason']) await q.query(`ALTER TABLE routing_decision DROP COLUMN ${column}`);
    await q.query('DROP INDEX reservation_active_node');
    await q.query('ALTER TABLE reservation DROP CONSTRAINT reservation_status_check');
    await q.query("ALTER TABLE reservation ADD CONSTRAINT reservation_status_check CHECK (status IN ('ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED'))");
    await q.query('ALTER TABLE stock_position DROP COLUMN updated_at');
  }
}
