import { bucketOf, emptyBuckets } from '../../../../shared/src/usage/latency-histogram';
import { burnRates } from './burn-rate';

const histogram = (durations: number[]) => {
  const b = emptyBuckets();
  for (const d of durations) b[bucketOf(d)]! += 1;
  return b;
};

describe('burnRates', () => {
  const objective = { p99Ms: 300, errorRate: 0.001 };

  it('is 1 when a service spends exactly its budget: 1 % slower than p99Ms, or its allowed error rate', () => {
    const latency = burnRates({ requests: 1000, errors: 0, buckets: histogram([...Array(990).fill(20), ...Array(10).fill(500)]) }, objective);
    expect(latency.latencyBurnRate).toBeCloseTo(1, 10);
    expect(latency.meetsObjective).toBe(true);
    const errors = burnRates({ requests: 1000, errors: 1, buckets: histogram(Array(1000).fill(20)) }, objective);
    expect(errors.errorBurnRate).toBeCloseTo(1, 10);
  });

  it('worked example: 5 % slower than the objective and 0.4 % failing burn 5× (latency) and 4× (errors)', () => {
    const health = burnRates({ requests: 1000, errors: 4, buckets: histogram([...Array(950).fill(40), ...Array(50).fill(800)]) }, objective);
    expect(health.slowShare).toBeCloseTo(0.05, 10);
    expect(health.latencyBurnRate).toBeCloseTo(5, 10);
    expect(health.errorBurnRate).toBeCloseTo(4, 10);
    expect(health.burnRate).toBeCloseTo(5, 10);
    expect(health.meetsObjective).toBe(false);
    expect(health.p99Ms).toBeGreaterThan(750);
  });

  it('burns nothing without requests', () => {
    expect(burnRates({ requests: 0, errors: 0, buckets: emptyBuckets() }, objective)).toMatchObject({ burnRate: 0, errorRate: null, p99Ms: null, meetsObjective: true });
  });
});
