import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, isSequenceKey } from '../graphql/cursor';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { verifyLedger, type Verification } from './ledger';

export interface LedgerFilters {
  from?: Date | null;
  to?: Date | null;
  actions?: string[] | null;
  subjectType?: string | null;
  subjectId?: string | null;
  actor?: string | null;
}

export interface LedgerPage {
  edges: { cursor: string; node: LedgerEntryEntity }[];
  nodes: LedgerEntryEntity[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const CURSOR = 'ledger';

/**
 * Reads one subgraph's ledger, newest first. `brandCondition` says which entries concern a brand
 * (`$1` is the brand id): by default its `brand_id`; the partners subgraph adds entries about the
 * partners holding a contract with the brand.
 */
export class LedgerReader {
  constructor(
    readonly dataSource: DataSource,
    private readonly brandCondition = 'e.brand_id = b.brand_id',
  ) {}

  async head(): Promise<{ length: number; headHash: string | null }> {
    const [row] = await this.dataSource.query('SELECT seq, hash FROM ledger_entry ORDER BY seq DESC LIMIT 1');
    return { length: row ? Number(row.seq) : 0, headHash: row?.hash ?? null };
  }

  verify(): Promise<Verification> {
    return verifyLedger(this.dataSource.manager);
  }

  async page(filters: LedgerFilters, first: number, after?: string | null): Promise<LedgerPage> {
    const { where, params } = this.where(filters, after, 0);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT e.* FROM ledger_entry e WHERE ${where.join(' AND ') || 'true'} ORDER BY e.seq DESC LIMIT $${params.length + 1}`,
      [...params, first + 1],
    );
    return toPage(rows.map(fromRow), first);
  }

  /** One page per brand, in one statement for all the brands asked (a lateral join per brand). */
  async pagesForBrands(brandIds: readonly string[], filters: LedgerFilters, first: number, after?: string | null): Promise<LedgerPage[]> {
    const { where, params } = this.where(filters, after, 1);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT b.brand_id AS for_brand, e.* FROM unnest($1::uuid[]) AS b(brand_id)
         CROSS JOIN LATERAL (
           SELECT e.* FROM ledger_entry e
            WHERE (${this.brandCondition}) ${where.length ? `AND ${where.join(' AND ')}` : ''}
            ORDER BY e.seq DESC LIMIT $${params.length + 2}
         ) e`,
      [[...brandIds], ...params, first + 1],
    );
    return brandIds.map((brandId) => toPage(rows.filter((r) => r.for_brand === brandId).map(fromRow), first));
  }

  /** SQL conditions for the filters; parameters are numbered from `offset + 1`. */
  private where(filters: LedgerFilters, after: string | null | undefined, offset: number) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${offset + params.length}`));
    };
    if (after) add((n) => `e.seq < ${n}::bigint`, decodeCursor(CURSOR, after, 'after', isSequenceKey));
    if (filters.from) add((n) => `e.occurred_at >= ${n}`, filters.from);
    if (filters.to) add((n) => `e.occurred_at < ${n}`, filters.to);
    if (filters.actions?.length) add((n) => `e.action = ANY(${n}::text[])`, filters.actions);
    if (filters.subjectType) add((n) => `e.subject_type = ${n}`, filters.subjectType);
    if (filters.subjectId) add((n) => `e.subject_id = ${n}`, filters.subjectId);
    if (filters.actor) add((n) => `e.actor_subject = ${n}`, filters.actor);
    return { where, params };
  }
}

function toPage(rows: LedgerEntryEntity[], first: number): LedgerPage {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(CURSOR, String(node.seq)), node }));
  return { edges, nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** Raw rows (from hand-written SQL) → the entity shape. */
function fromRow(r: Record<string, unknown>): LedgerEntryEntity {
  return Object.assign(new LedgerEntryEntity(), {
    seq: Number(r.seq),
    id: r.id,
    occurredAt: r.occurred_at,
    actorSubject: r.actor_subject,
    actorRoles: r.actor_roles,
    actorOnBehalfOf: r.actor_on_behalf_of,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    brandId: r.brand_id,
    capability: r.capability,
    before: r.before,
    after: r.after,
    reason: r.reason,
    evidence: r.evidence,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  });
}
