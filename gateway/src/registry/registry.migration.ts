import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createLedgerTable, dropLedgerTable } from '../../../shared/src/ledger/ledger.migration';

export class RegistryInit1763810000000 implements MigrationInterface {
  name = 'RegistryInit1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subgraph_version (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9-]*$'),
        version int NOT NULL CHECK (version > 0),
        routing_url text NOT NULL,
        sdl text NOT NULL,
        sdl_hash char(64) NOT NULL,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL,
        reason text NOT NULL,
        accepted_breaking jsonb,
        checks jsonb NOT NULL,
        removed boolean NOT NULL DEFAULT false,
        UNIQUE (name, version)
      )`);
    await q.query(`
      CREATE TABLE supergraph (
        version int PRIMARY KEY CHECK (version > 0),
        sdl text NOT NULL,
        hash char(64) NOT NULL,
        subgraphs jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        reason text NOT NULL,
        rolled_back_to int REFERENCES supergraph (version)
      )`);
    await createLedgerTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropLedgerTable(q);
    await q.query('DROP TABLE supergraph');
    await q.query('DROP TABLE subgraph_version');
  }
}
