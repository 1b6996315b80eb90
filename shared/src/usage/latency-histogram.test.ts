import { addBuckets, bucketOf, emptyBuckets, LATENCY_BOUNDS_MS, quantile, shareAbove } from './latency-histogram';

const observe = (durations: number[]) => {
  const b = emptyBuckets();
  for (const d of durations) b[bucketOf(d)]! += 1;
  return b;
};

describe('latency histogram', () => {
  it('puts a duration in the bucket whose upper bound is the first at or above it', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(1.5)).toBe(1);
    expect(bucketOf(100)).toBe(LATENCY_BOUNDS_MS.indexOf(100));
    expect(bucketOf(1e9)).toBe(LATENCY_BOUNDS_MS.length);
  });

  it('answers the p99 within the bucket it falls in', () => {
    const b = observe([...Array(990).fill(8), ...Array(10).fill(480)]);
    const p99 = quantile(b, 0.99)!;
    expect(p99).toBeGreaterThan(7);
    expect(p99).toBeLessThanOrEqual(10);
    expect(quantile(b, 0.999)).toBeGreaterThan(400);
    expect(quantile(emptyBuckets(), 0.99)).toBeNull();
  });

  it('counts the share slower than a threshold exactly at a bound, interpolated inside a bucket', () => {
    const b = observe([...Array(95).fill(20), ...Array(5).fill(300)]);
    expect(shareAbove(b, 250)).toBeCloseTo(0.05, 10);
    expect(shareAbove(b, 10)).toBeCloseTo(1, 10);
    // 300 ms sits in (250, 300]: half of that bucket lies above 275.
    expect(shareAbove(b, 275)).toBeCloseTo(0.025, 10);
    expect(shareAbove(emptyBuckets(), 100)).toBe(0);
  });

  it('adds histograms bucket by bucket', () => {
    expect(addBuckets(observe([5]), observe([5, 400]))).toEqual(observe([5, 5, 400]));
  });
});
