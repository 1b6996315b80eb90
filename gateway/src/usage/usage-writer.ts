import type { DataSource } from 'typeorm';
import type { UsageSnapshot } from './usage-aggregator';

const CHUNK = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * Writes a drained snapshot in one transaction, as additive upserts: several gateways, and several
 * flushes of one minute, add up. Each table gets one statement per 500 rows (`unnest` of arrays).
 */
export async function writeUsage(dataSource: DataSource, snapshot: UsageSnapshot): Promise<void> {
  if (!snapshot.operations.length && !snapshot.shapes.length && !snapshot.fetches.length && !snapshot.refusals.length) return;
  await dataSource.transaction(async (m) => {
    for (const rows of chunks(snapshot.operations)) {
      await m.query(
        `INSERT INTO usage_operation AS u (minute, client_name, client_version, brand_ids, operation_hash, operation_name, subgraphs,
                                          requests, errors, duration_ms_sum, cost_sum, error_codes)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::jsonb[])
         ON CONFLICT (minute, client_name, client_version, brand_ids, operation_hash, operation_name, subgraphs) DO UPDATE SET
           requests = u.requests + excluded.requests,
           errors = u.errors + excluded.errors,
           duration_ms_sum = u.duration_ms_sum + excluded.duration_ms_sum,
           cost_sum = u.cost_sum + excluded.cost_sum,
           error_codes = (SELECT coalesce(jsonb_object_agg(k, v), '{}'::jsonb) FROM (
             SELECT k, sum(v::float8) AS v FROM (
               SELECT * FROM jsonb_each_text(u.error_codes) UNION ALL SELECT * FROM jsonb_each_text(excluded.error_codes)
             ) e(k, v) GROUP BY k) s)`,
        [
          rows.map((r) => r.minute),
          rows.map((r) => r.clientName),
          rows.map((r) => r.clientVersion),
          rows.map((r) => r.brands),
          rows.map((r) => r.hash),
          rows.map((r) => r.name),
          rows.map((r) => r.subgraphs),
          rows.map((r) => r.requests),
          rows.map((r) => r.errors),
          rows.map((r) => r.durationMsSum),
          rows.map((r) => r.costSum),
          rows.map((r) => JSON.stringify(r.errorCodes)),
        ],
      );
    }
    for (const rows of chunks(snapshot.shapes)) {
      await m.query(
        `INSERT INTO usage_operation_shape AS s (operation_hash, operation_name, operation_type, coordinates, first_seen, last_seen)
         SELECT h, n, t, ARRAY(SELECT jsonb_array_elements_text(c)), f, l
           FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::timestamptz[]) AS x(h, n, t, c, f, l)
         ON CONFLICT (operation_hash) DO UPDATE SET
           last_seen = greatest(s.last_seen, excluded.last_seen),
           coordinates = ARRAY(SELECT DISTINCT unnest(s.coordinates || excluded.coordinates) ORDER BY 1)`,
        [
          rows.map((r) => r.hash),
          rows.map((r) => r.name),
          rows.map((r) => r.type),
          rows.map((r) => JSON.stringify(r.coordinates)),
          rows.map((r) => r.firstSeen),
          rows.map((r) => r.lastSeen),
        ],
      );
    }
    for (const rows of chunks(snapshot.fetches)) {
      await m.query(
        `INSERT INTO usage_subgraph_fetch AS f (minute, subgraph, requests, errors, duration_ms_sum, buckets)
         SELECT mi, sg, rq, er, du, ARRAY(SELECT jsonb_array_elements_text(b)::bigint)
           FROM unnest($1::timestamptz[], $2::text[], $3::bigint[], $4::bigint[], $5::float8[], $6::jsonb[]) AS x(mi, sg, rq, er, du, b)
         ON CONFLICT (minute, subgraph) DO UPDATE SET
           requests = f.requests + excluded.requests,
           errors = f.errors + excluded.errors,
           duration_ms_sum = f.duration_ms_sum + excluded.duration_ms_sum,
           buckets = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0) FROM unnest(f.buckets, excluded.buckets) AS z(a, b))`,
        [
          rows.map((r) => r.minute),
          rows.map((r) => r.subgraph),
          rows.map((r) => r.requests),
          rows.map((r) => r.errors),
          rows.map((r) => r.durationMsSum),
          rows.map((r) => JSON.stringify(r.buckets)),
        ],
      );
    }
    for (const rows of chunks(snapshot.refusals)) {
      await m.query(
        `INSERT INTO usage_refusal AS r (minute, client_name, code, requests)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[])
         ON CONFLICT (minute, client_name, code) DO UPDATE SET requests = r.requests + excluded.requests`,
        [rows.map((r) => r.minute), rows.map((r) => r.clientName), rows.map((r) => r.code), rows.map((r) => r.requests)],
      );
    }
  });
}

/** Deletes minutes older than the retention; shapes no operation row refers to any more go too. */
export async function deleteExpiredUsage(dataSource: DataSource, retentionDays: number): Promise<void> {
  const cutoff = new Date(Date.now() - retentionDays * 86_400_000);
  await dataSource.query('DELETE FROM usage_operation WHERE minute < $1', [cutoff]);
  await dataSource.query('DELETE FROM usage_subgraph_fetch WHERE minute < $1', [cutoff]);
  await dataSource.query('DELETE FROM usage_refusal WHERE minute < $1', [cutoff]);
  await dataSource.query('DELETE FROM usage_operation_shape WHERE last_seen < $1', [cutoff]);
}
