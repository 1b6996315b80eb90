import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { preparedQuery } from '../db/prepared-query';

/**
 * The nonces of gateway signatures a subgraph has accepted for mutations, in the subgraph's own
 * database: every instance of the subgraph shares it, so a captured mutation cannot be replayed to
 * another instance either. A nonce is kept until its signature would have expired anyway.
 */
export class NonceStore {
  /** Claims asked for in this turn of the event loop: they go to the database together. */
  private pending: { nonce: string; expiresAt: Date; settle: (claimed: boolean) => void; fail: (error: unknown) => void }[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /**
   * True the first time a nonce is claimed, false ever after. Claims made at the same time are one
   * INSERT (each learns whether its own row went in), so concurrent mutations cost the database one
   * statement for their nonces, not one each.
   */
  claim(nonce: string, expiresAt: Date): Promise<boolean> {
    return new Promise<boolean>((settle, fail) => {
      if (this.pending.push({ nonce, expiresAt, settle, fail }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const claims = this.pending;
    this.pending = [];
    try {
      const rows: { nonce: string }[] = await preparedQuery(
        this.dataSource,
        'nonces.claim',
        `INSERT INTO accepted_nonce (nonce, expires_at)
         SELECT DISTINCT ON (nonce) nonce, expires_at FROM unnest($1::text[], $2::timestamptz[]) AS c(nonce, expires_at)
         ON CONFLICT (nonce) DO NOTHING RETURNING nonce`,
        [claims.map((c) => c.nonce), claims.map((c) => c.expiresAt)],
      );
      // A nonce claimed twice in one batch goes in once: the first claim of it wins.
      const inserted = new Set(rows.map((r) => r.nonce));
      for (const claim of claims) claim.settle(inserted.delete(claim.nonce));
    } catch (error) {
      for (const claim of claims) claim.fail(error);
    }
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
