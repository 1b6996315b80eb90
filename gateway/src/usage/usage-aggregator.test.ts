import { UsageAggregator, type OperationRecord } from './usage-aggregator';

const at = Date.UTC(2026, 10, 22, 10, 15, 30);
const record = (over: Partial<OperationRecord> = {}): OperationRecord => ({
  at,
  clientName: 'halden-web',
  clientVersion: '1.0.0',
  brands: 'b1',
  hash: 'h1',
  name: 'Skus',
  type: 'query',
  coordinates: ['Query.brand'],
  subgraphs: 'brands,inventory',
  durationMs: 12,
  errorCodes: [],
  estimatedCost: 40,
  weight: 1,
  ...over,
});

describe('UsageAggregator', () => {
  it('counts operations per minute and key, weighing each by its estimated cost (at least 1)', () => {
    const usage = new UsageAggregator(100);
    usage.record(record());
    usage.record(record({ at: at + 20_000, durationMs: 8, errorCodes: ['FORBIDDEN_BRAND', 'FORBIDDEN_BRAND'], estimatedCost: 0 }));
    usage.record(record({ at: at + 60_000 }));
    const { operations, shapes } = usage.drain();
    expect(operations).toHaveLength(2);
    expect(operations[0]).toMatchObject({ minute: new Date(Date.UTC(2026, 10, 22, 10, 15)), requests: 2, errors: 1, durationMsSum: 20, costSum: 41, errorCodes: { FORBIDDEN_BRAND: 1 } });
    expect(shapes).toEqual([expect.objectContaining({ hash: 'h1', coordinates: ['Query.brand'], lastSeen: new Date(at + 60_000) })]);
    expect(usage.drain().operations).toEqual([]);
  });

  it('counts a sampled record as 1/rate requests', () => {
    const usage = new UsageAggregator(100);
    usage.record(record({ weight: 4 }));
    expect(usage.drain().operations[0]).toMatchObject({ requests: 4, costSum: 160 });
  });

  it('keeps a latency histogram per subgraph and minute, and counts failures', () => {
    const usage = new UsageAggregator(100);
    usage.recordFetch('inventory', at, 4, false);
    usage.recordFetch('inventory', at, 700, true);
    const [fetch] = usage.drain().fetches;
    expect(fetch).toMatchObject({ subgraph: 'inventory', requests: 2, errors: 1, durationMsSum: 704 });
    expect(fetch!.buckets.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('bounds memory: past maxKeys, new keys are dropped and counted; known keys keep counting', () => {
    const usage = new UsageAggregator(3);
    usage.record(record({ hash: 'a' })); // operation + shape: 2 keys
    usage.record(record({ hash: 'b' })); // operation: 3 keys, its shape dropped
    usage.record(record({ hash: 'c' })); // dropped
    usage.record(record({ hash: 'a' })); // counts
    usage.recordRefusal('x', 'PERSISTED_QUERY_NOT_FOUND', at); // dropped
    const snapshot = usage.drain();
    expect(snapshot.operations.map((o) => [o.hash, o.requests])).toEqual([['a', 2], ['b', 1]]);
    expect(snapshot.dropped).toBe(3);
    expect(usage.droppedTotal).toBe(3);
    expect(usage.drain().dropped).toBe(0);
  });
});
