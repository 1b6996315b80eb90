import { BUCKET_COUNT } from '../../../../shared/src/usage/latency-histogram';
import type { RegistryStore } from '../registry/registry-store';
import type { FetchStats } from '../slo/burn-rate';

/** The gateways' usage records (in the registry's database), as the platform reads them. */

/** Fetches from `subgraphs` since `from`: counts and the merged latency histogram. */
export async function fetchStats(store: RegistryStore, subgraphs: readonly string[], from: Date): Promise<FetchStats> {
  const [totals] = await store.query<{ requests: string | null; errors: string | null }>(
    'SELECT sum(requests) AS requests, sum(errors) AS errors FROM usage_subgraph_fetch WHERE subgraph = ANY($1) AND minute >= $2',
    [subgraphs, from],
  );
  const rows = await store.query<{ i: string; n: string }>(
    `SELECT u.i, sum(u.b) AS n FROM usage_subgraph_fetch f, unnest(f.buckets) WITH ORDINALITY AS u(b, i)
      WHERE f.subgraph = ANY($1) AND f.minute >= $2 GROUP BY u.i`,
    [subgraphs, from],
  );
  const buckets = new Array<number>(BUCKET_COUNT).fill(0);
  for (const r of rows) buckets[Number(r.i) - 1] = Number(r.n);
  return { requests: Number(totals?.requests ?? 0), errors: Number(totals?.errors ?? 0), buckets };
}

/** Usage of one month: requests and their cost weight by the caller's brands and the subgraphs fetched. */
export interface UsageByBrands {
  /** '*' portfolio-wide, '' none, else brand ids joined with ','. */
  brands: string;
  subgraphs: string[];
  requests: number;
  weight: number;
}

export async function usageBetween(store: RegistryStore, from: Date, to: Date): Promise<UsageByBrands[]> {
  const rows = await store.query<{ brand_ids: string; subgraphs: string; requests: number; weight: number }>(
    `SELECT brand_ids, subgraphs, sum(requests)::float8 AS requests, sum(cost_sum)::float8 AS weight
       FROM usage_operation WHERE minute >= $1 AND minute < $2 AND subgraphs <> ''
      GROUP BY brand_ids, subgraphs`,
    [from, to],
  );
  return rows.map((r) => ({ brands: r.brand_ids, subgraphs: r.subgraphs.split(','), requests: r.requests, weight: r.weight }));
}
