/**
 * The latency histogram the gateway keeps per subgraph and minute, and the platform reads SLOs
 * from. Bucket `i` counts durations in (BOUNDS[i-1], BOUNDS[i]] ms; the last bucket counts
 * everything above the last bound. The same bounds on both sides: changing them needs a migration
 * of the stored rows.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  1, 2, 3, 5, 7, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 125, 150, 200, 250, 300, 400, 500, 600, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000,
  5000, 7500, 10_000, 15_000, 30_000,
];
export const BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

export function emptyBuckets(): number[] {
  return new Array<number>(BUCKET_COUNT).fill(0);
}

/** The bucket a duration falls in (binary search over the bounds). */
export function bucketOf(durationMs: number): number {
  let lo = 0;
  let hi = LATENCY_BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (durationMs <= LATENCY_BOUNDS_MS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function addBuckets(into: number[], from: readonly number[]): number[] {
  for (let i = 0; i < BUCKET_COUNT; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  return into;
}

const lowerOf = (i: number) => (i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!);
/** The open last bucket is taken to be as wide as the one before it. */
const upperOf = (i: number) => (i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i]! : 2 * LATENCY_BOUNDS_MS.at(-1)! - LATENCY_BOUNDS_MS.at(-2)!);

/**
 * The q-quantile (0 < q ≤ 1), interpolating linearly inside the bucket it falls in, as
 * Prometheus' `histogram_quantile` does; null with no observation.
 */
export function quantile(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    const count = buckets[i] ?? 0;
    if (count > 0 && seen + count >= rank) return lowerOf(i) + ((upperOf(i) - lowerOf(i)) * (rank - seen)) / count;
    seen += count;
  }
  return upperOf(BUCKET_COUNT - 1);
}

/**
 * The share of observations slower than `thresholdMs`, interpolating linearly inside the bucket
 * the threshold falls in (exact when the threshold is a bound); 0 with no observation.
 */
export function shareAbove(buckets: readonly number[], thresholdMs: number): number {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  let above = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    const count = buckets[i] ?? 0;
    const lower = lowerOf(i);
    const upper = upperOf(i);
    if (lower >= thresholdMs) above += count;
    else if (upper > thresholdMs) above += (count * (upper - thresholdMs)) / (upper - lower);
  }
  return above / total;
}
