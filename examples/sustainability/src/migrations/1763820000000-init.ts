import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763820000000 implements MigrationInterface {
  name = 'Init1763820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sku_footprint (
        sku_id uuid PRIMARY KEY,
        brand_id uuid NOT NULL,
        kg_co2e numeric(8, 3) NOT NULL CHECK (kg_co2e >= 0),
        method text NOT NULL
      )`);
    await q.query('CREATE INDEX sku_footprint_brand_id ON sku_footprint (brand_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sku_footprint');
  }
}
