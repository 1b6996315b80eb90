import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763770000000 implements MigrationInterface {
  name = 'Init1763770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fulfillment_node (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('WAREHOUSE', 'STORE', 'THREE_PL', 'DROPSHIP')),
        region text NOT NULL,
        operator_type text NOT NULL CHECK (operator_type IN ('BRAND', 'PLATFORM', 'PARTNER')),
        operator_brand_id uuid,
        operator_partner_id uuid,
        cost_per_unit numeric(10, 2) NOT NULL CHECK (cost_per_unit >= 0),
        handling_days int NOT NULL CHECK (handling_days >= 0),
        daily_capacity int NOT NULL CHECK (daily_capacity >= 0),
        active boolean NOT NULL DEFAULT true,
        CHECK ((operator_type = 'BRAND') = (operator_brand_id IS NOT NULL)),
        CHECK ((operator_type = 'PARTNER') = (operator_partner_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE sku (
        id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        price numeric(12, 2) NOT NULL CHECK (price >= 0),
        unit_cost numeric(12, 2) NOT NULL CHECK (unit_cost >= 0)
      )`);
    await q.query('CREATE INDEX sku_brand_code ON sku (brand_id, code)');
    await q.query(`
      CREATE TABLE stock_position (
        sku_id uuid NOT NULL REFERENCES sku (id),
        node_id uuid NOT NULL REFERENCES fulfillment_node (id),
        on_hand int NOT NULL CHECK (on_hand >= 0),
        reserved int NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
        safety_stock int NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
        PRIMARY KEY (sku_id, node_id)
      )`);
    await q.query('CREATE INDEX stock_position_node ON stock_position (node_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stock_position');
    await q.query('DROP TABLE sku');
    await q.query('DROP TABLE fulfillment_node');
  }
}
