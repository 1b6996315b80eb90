import { acceptance, markdownAcceptance, markdownTable, median, roundOrder, summarize, type RoundSample, type TargetResult } from './report';

const round = (n: number, overrides: Partial<RoundSample> = {}): RoundSample => ({
  round: n,
  seconds: 10,
  requests: 1000,
  rps: 100,
  p50: 10,
  p99: 20,
  gatewayCpuMs: 2,
  subgraphCpuMs: 3,
  postgresCpuMs: 1,
  otherCores: 0,
  non2xx: 0,
  transportErrors: 0,
  graphqlErrors: 0,
  ...overrides,
});
const target = (id: string, rounds: RoundSample[], failure?: string): TargetResult => ({ id, label: id, dedup: 'off', cache: 'off', rounds, failure });

describe('peer benchmark report', () => {
  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('rotates the targets by one each round, so each runs in every position', () => {
    expect(roundOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(roundOrder(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
  });

  it('summarises each metric by its own median and adds up every kind of error', () => {
    const s = summarize(target('t', [round(1, { rps: 90, non2xx: 1 }), round(2, { rps: 110, graphqlErrors: 2 }), round(3, { rps: 100, transportErrors: 3 })]))!;
    expect(s.rps).toBe(100);
    expect(s.errors).toBe(6);
    expect(summarize(target('t', [round(1)], 'did not start'))).toBeUndefined();
  });

  it('computes the acceptance ratios from the right targets, and n/a where one is missing', () => {
    const results = [
      target('trellis', [round(1, { rps: 300, gatewayCpuMs: 1, subgraphCpuMs: 3 })]),
      target('trellis-cached', [round(1, { rps: 450, p99: 30 })]),
      target('apollo', [round(1, { rps: 100, gatewayCpuMs: 4 })]),
      target('hive-rust', [round(1, { rps: 300 })]),
    ];
    const checks = acceptance(results);
    expect(checks.map((c) => [c.value, c.pass])).toEqual([
      [0.25, true],
      [3, true],
      [3, true],
      [1.5, true],
      [undefined, undefined],
    ]);
    expect(markdownAcceptance(checks)).toContain('| n/a | ≤ 2× | n/a |');
  });

  it('shows a failed target as failed, in the table, with its reason', () => {
    expect(markdownTable([target('hive', [], 'did not start: | pipe')])).toContain('failed: did not start: \\| pipe');
  });

  it('does not judge the cache-and-dedup ratios when the build ignores the switches', () => {
    const results = ['trellis', 'apollo', 'hive-rust', 'direct'].map((id) => target(id, [round(1)]));
    results.push({ ...target('trellis-cached', [round(1, { p99: 10 })]), unread: ['TRELLIS_RESPONSE_CACHE'] });
    const checks = acceptance(results);
    const tail = checks.find((c) => c.name.startsWith('Tail latency'))!;
    expect(tail.value).toBe(0.5);
    expect(tail.pass).toBeUndefined();
    expect(markdownAcceptance(checks)).toContain('not judged: this build does not read TRELLIS_RESPONSE_CACHE');
    expect(checks.find((c) => c.name === 'Throughput, like for like')!.pass).toBe(false);
  });
});
