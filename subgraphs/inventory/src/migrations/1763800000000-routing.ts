import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Routing1763800000000 implements MigrationInterface {
  name = 'Routing1763800000000';

  async up(q: QueryRunner): Promise<void> {
    const weight = (name: string) => `${name} numeric(6, 3) NOT NULL CHECK (${name} >= 0)`;
    await q.query(`
      CREATE TABLE sourcing_policy (
        brand_id uuid PRIMARY KEY,
        allowed_kinds text[] NOT NULL CHECK (cardinality(allowed_kinds) > 0
          AND allowed_kinds <@ ARRAY['WAREHOUSE', 'STORE', 'THREE_PL', 'DROPSHIP']),
        ${['weight_cost', 'weight_promise_slack', 'weight_margin', 'weight_stock_depth'].map(weight).join(',\n')},
        max_split int NOT NULL CHECK (max_split BETWEEN 1 AND 4),
        standard_promise_days int NOT NULL CHECK (standard_promise_days BETWEEN 1 AND 30),
        express_promise_days int NOT NULL CHECK (express_promise_days BETWEEN 1 AND standard_promise_days),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE routing_decision (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        order_ref text NOT NULL,
        destination_region text NOT NULL,
        promise text NOT NULL CHECK (promise IN ('STANDARD', 'EXPRESS')),
        lines jsonb NOT NULL,
        candidates jsonb NOT NULL,
        plan jsonb NOT NULL,
        split boolean NOT NULL,
        delivery_days int NOT NULL,
        promised_delivery_date date NOT NULL,
        fulfillment_model text,
        policy jsonb NOT NULL,
        actor_subject text NOT NULL,
        decided_at timestamptz NOT NULL,
        UNIQUE (brand_id, order_ref)
      )`);
    await q.query('CREATE INDEX routing_decision_brand ON routing_decision (brand_id, decided_at DESC)');
    await q.query(`
      CREATE TABLE reservation (
        id uuid PRIMARY KEY,
        routing_decision_id uuid NOT NULL REFERENCES routing_decision (id),
        brand_id uuid NOT NULL,
        sku_id uuid NOT NULL,
        node_id uuid NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        status text NOT NULL CHECK (status IN ('ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        closed_at timestamptz,
        FOREIGN KEY (sku_id, node_id) REFERENCES stock_position (sku_id, node_id)
      )`);
    await q.query("CREATE INDEX reservation_expiry ON reservation (expires_at) WHERE status = 'ACTIVE'");
    await q.query('CREATE INDEX reservation_decision ON reservation (routing_decision_id)');
    await q.query(`
      CREATE TABLE node_daily_usage (
        node_id uuid NOT NULL REFERENCES fulfillment_node (id),
        day date NOT NULL,
        units int NOT NULL CHECK (units >= 0),
        PRIMARY KEY (node_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['node_daily_usage', 'reservation', 'routing_decision', 'sourcing_policy']) await q.query(`DROP TABLE ${table}`);
  }
}
