import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';

/**
 * Reads of `@sensitive` fields during one request, counted per field and brand, written in one
 * statement when the response is about to be sent (and the response withheld if that fails).
 */
export class AccessLogBuffer {
  private readonly reads = new Map<string, { coordinate: string; brandId: string | null; count: number }>();

  record(coordinate: string, brandId: string | null): void {
    const key = `${coordinate}|${brandId ?? ''}`;
    const entry = this.reads.get(key);
    if (entry) entry.count += 1;
    else this.reads.set(key, { coordinate, brandId, count: 1 });
  }

  get size(): number {
    return this.reads.size;
  }

  async flush(manager: EntityManager, principal: Principal, requestId: string): Promise<void> {
    if (this.reads.size === 0) return;
    const entries = [...this.reads.values()];
    this.reads.clear();
    await manager.query(
      `INSERT INTO access_log (subject, roles, on_behalf_of, coordinate, brand_id, request_id, reads)
       SELECT $1, $2::text[], $3, e.coordinate, e.brand_id, $4, e.reads
         FROM unnest($5::text[], $6::uuid[], $7::int[]) AS e(coordinate, brand_id, reads)`,
      [
        principal.sub,
        principal.roles,
        principal.onBehalfOf ?? null,
        requestId,
        entries.map((e) => e.coordinate),
        entries.map((e) => e.brandId),
        entries.map((e) => e.count),
      ],
    );
  }
}
