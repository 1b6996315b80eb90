import { conclusionProblem, evaluatePilot, metricsProblem, type PilotMetric } from './pilot-outcome';

// The worked example of docs/lifecycle.md ("Pilots"): Northwind's fulfillment through a partner, EU-WEST only.
const METRICS: PilotMetric[] = [
  { metric: 'COST_PER_ORDER', baseline: 7.2, target: 6.5, direction: 'LOWER_IS_BETTER', dataSource: 'costToServe, EU-WEST orders' },
  { metric: 'OTIF', baseline: 0.93, target: 0.95, direction: 'HIGHER_IS_BETTER', dataSource: 'Swiftlane scorecard' },
];
const at = (day: number) => new Date(Date.UTC(2026, 4, day));

describe('evaluatePilot', () => {
  it('is INCONCLUSIVE while a metric is unmeasured', () => {
    const e = evaluatePilot(METRICS, [{ metric: 'COST_PER_ORDER', value: 6.1, measuredAt: at(10) }]);
    expect(e).toMatchObject({ verdict: 'INCONCLUSIVE', measuredCount: 1, metCount: 1 });
    expect(e.metrics[1]).toMatchObject({ metric: 'OTIF', latest: null, met: null, measurements: 0 });
  });

  it('SUCCEEDS when the latest measurement of every metric meets its target', () => {
    const e = evaluatePilot(METRICS, [
      { metric: 'COST_PER_ORDER', value: 6.9, measuredAt: at(10) },
      { metric: 'OTIF', value: 0.96, measuredAt: at(10) },
      { metric: 'COST_PER_ORDER', value: 6.4, measuredAt: at(24) },
    ]);
    expect(e.verdict).toBe('SUCCEEDED');
    expect(e.metrics.map((m) => [m.metric, m.latest, m.met, m.measurements])).toEqual([
      ['COST_PER_ORDER', 6.4, true, 2],
      ['OTIF', 0.96, true, 1],
    ]);
  });

  it('FAILS when a metric’s latest measurement misses, even if an earlier one met', () => {
    const e = evaluatePilot(METRICS, [
      { metric: 'COST_PER_ORDER', value: 6.4, measuredAt: at(10) },
      { metric: 'COST_PER_ORDER', value: 6.8, measuredAt: at(24) },
      { metric: 'OTIF', value: 0.95, measuredAt: at(24) },
    ]);
    expect(e).toMatchObject({ verdict: 'FAILED', metCount: 1, measuredCount: 2 });
  });

  it('takes the measurement taken last, not the one recorded last', () => {
    const e = evaluatePilot([METRICS[1]!], [
      { metric: 'OTIF', value: 0.97, measuredAt: at(24) },
      { metric: 'OTIF', value: 0.9, measuredAt: at(3) },
    ]);
    expect(e.metrics[0]!.latest).toBe(0.97);
  });

  it('is exactly on target: met', () => {
    expect(evaluatePilot([METRICS[0]!], [{ metric: 'COST_PER_ORDER', value: 6.5, measuredAt: at(1) }]).verdict).toBe('SUCCEEDED');
  });
});

describe('metricsProblem', () => {
  it('accepts the example and refuses what cannot be judged', () => {
    expect(metricsProblem(METRICS)).toBeNull();
    expect(metricsProblem([])).toMatchObject({ field: 'metrics' });
    expect(metricsProblem([{ ...METRICS[0]!, metric: 'cost per order' }])).toMatchObject({ field: 'metrics[0].metric' });
    expect(metricsProblem([METRICS[0]!, METRICS[0]!])).toMatchObject({ field: 'metrics[1].metric' });
    expect(metricsProblem([{ ...METRICS[0]!, target: 7.5 }])).toMatchObject({ field: 'metrics[0].target' });
    expect(metricsProblem([{ ...METRICS[1]!, target: 0.9 }])).toMatchObject({ field: 'metrics[0].target' });
    expect(metricsProblem([{ ...METRICS[1]!, dataSource: ' ' }])).toMatchObject({ field: 'metrics[0].dataSource' });
    expect(metricsProblem([{ ...METRICS[1]!, target: Number.NaN }])).toMatchObject({ field: 'metrics[0].target' });
  });
});

describe('conclusionProblem', () => {
  const succeeded = evaluatePilot(METRICS, [
    { metric: 'COST_PER_ORDER', value: 6.4, measuredAt: at(24) },
    { metric: 'OTIF', value: 0.96, measuredAt: at(24) },
  ]);
  const inconclusive = evaluatePilot(METRICS, []);
  it('lets a pilot conclude only as its measurements say, and be abandoned whatever they say', () => {
    expect(conclusionProblem('SUCCEEDED', succeeded)).toBeNull();
    expect(conclusionProblem('FAILED', succeeded)).toMatch(/outcome is SUCCEEDED/);
    expect(conclusionProblem('SUCCEEDED', inconclusive)).toMatch(/not every success metric is measured yet \(COST_PER_ORDER, OTIF\)/);
    expect(conclusionProblem('ABANDONED', inconclusive)).toBeNull();
  });
});
