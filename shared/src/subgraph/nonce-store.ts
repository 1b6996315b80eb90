import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nonces of gateway signatures a subgraph has accepted for mutations, in the subgraph's own
 * database: every instance of the subgraph shares it, so a captured mutation cannot be replayed to
 * another instance either. A nonce is kept until its signature would have expired anyway.
 */
export class NonceStore {
  constructor(private readonly dataSource: DataSource) {}

  /** True the first time a nonce is claimed, false ever after. */
  async claim(nonce: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'INSERT INTO accepted_nonce (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING RETURNING 1',
      [nonce, expiresAt],
    );
    return rows.length === 1;
  }

  /** Forgets nonces whose signatures have expired (they would be refused as stale anyway). */
  async prune(): Promise<number> {
    const rows: unknown[] = await this.dataSource.query("DELETE FROM accepted_nonce WHERE expires_at < now() - interval '1 minute' RETURNING 1");
    return rows.length;
  }
}

export class AcceptedNonces1764200000000 implements MigrationInterface {
  name = 'AcceptedNonces1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE accepted_nonce (nonce text PRIMARY KEY, expires_at timestamptz NOT NULL)');
    await q.query('CREATE INDEX accepted_nonce_expiry ON accepted_nonce (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE accepted_nonce');
  }
}
