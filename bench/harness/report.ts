/**
 * What one round of one target measured, the medians over rounds, the acceptance ratios, and the
 * markdown the README includes (`bench/results/peers.md`). Pure functions: tested beside this file.
 */
export interface RoundSample {
  round: number;
  seconds: number;
  /** 2xx responses. */
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** CPU of the target's own process per 2xx response. */
  gatewayCpuMs: number;
  /** CPU of all subgraph processes per 2xx response. */
  subgraphCpuMs: number;
  /** The same, per subgraph process. */
  subgraphCpuMsBy?: Record<string, number>;
  /** CPU of PostgreSQL (postmaster and backends) per 2xx response. */
  postgresCpuMs: number;
  /** Cores' worth of CPU used on the machine by processes outside the benchmark during the round (a shared machine's noise). */
  otherCores: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  transportErrors: number;
  /** Responses whose body carried GraphQL errors or no data. */
  graphqlErrors: number;
}

export interface TargetResult {
  id: string;
  label: string;
  dedup: string;
  cache: string;
  rounds: RoundSample[];
  /** Why it was not measured (failed to start, wrong answer), if so. */
  failure?: string;
  /** Notes on its answer check. */
  check?: string;
  /** Settings the target was given but its build does not read (the row then measures it without them). */
  unread?: string[];
}

export interface Summary {
  rps: number;
  p50: number;
  p99: number;
  gatewayCpuMs: number;
  subgraphCpuMs: number;
  postgresCpuMs: number;
  errors: number;
  requests: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(result: TargetResult): Summary | undefined {
  const r = result.rounds;
  if (result.failure || r.length === 0) return undefined;
  const of = (pick: (s: RoundSample) => number) => median(r.map(pick));
  return {
    rps: of((s) => s.rps),
    p50: of((s) => s.p50),
    p99: of((s) => s.p99),
    gatewayCpuMs: of((s) => s.gatewayCpuMs),
    subgraphCpuMs: of((s) => s.subgraphCpuMs),
    postgresCpuMs: of((s) => s.postgresCpuMs),
    errors: r.reduce((n, s) => n + s.non2xx + s.transportErrors + s.graphqlErrors, 0),
    requests: r.reduce((n, s) => n + s.requests, 0),
  };
}

export interface Acceptance {
  name: string;
  formula: string;
  value: number | undefined;
  target: string;
  pass: boolean | undefined;
  /** Why it was not judged, when it was not. */
  note?: string;
}

/** The issue's acceptance ratios, from one run's medians; `undefined` where a target is missing. */
export function acceptance(results: readonly TargetResult[]): Acceptance[] {
  const s = (id: string) => {
    const result = results.find((r) => r.id === id);
    return result ? summarize(result) : undefined;
  };
  const trellis = s('trellis');
  const cachedResult = results.find((r) => r.id === 'trellis-cached');
  const cached = s('trellis-cached');
  // A cache-and-dedup row measured on a build that ignores the switches is Trellis without them: not judged.
  const unread = cachedResult?.unread?.length ? `not judged: this build does not read ${cachedResult.unread.join(', ')}` : undefined;
  const judged = (a: Acceptance): Acceptance => (unread ? { ...a, pass: undefined, note: unread } : a);
  const apollo = s('apollo');
  const hiveRust = s('hive-rust');
  const direct = s('direct');
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !b ? undefined : a / b);
  const check = (name: string, formula: string, value: number | undefined, op: '<=' | '>=', bound: number, unit = '×'): Acceptance => ({
    name,
    formula,
    value,
    target: `${op === '<=' ? '≤' : '≥'} ${bound}${unit === '×' ? '×' : ` ${unit}`}`,
    pass: value === undefined || Number.isNaN(value) ? undefined : op === '<=' ? value <= bound : value >= bound,
  });
  return [
    check('Gateway CPU per request, like for like', 'Trellis ÷ @apollo/gateway (gateway CPU ms/req)', ratio(trellis?.gatewayCpuMs, apollo?.gatewayCpuMs), '<=', 0.5),
    check('Subgraph-side CPU per request', 'Trellis, like for like (subgraph CPU ms/req)', trellis?.subgraphCpuMs, '<=', 3.2, 'ms'),
    check('Throughput, like for like', 'Trellis ÷ @apollo/gateway (RPS)', ratio(trellis?.rps, apollo?.rps), '>=', 2.5),
    judged(check('Throughput with cache + dedup', 'Trellis cache+dedup ÷ Hive Gateway + Rust planner, dedup on (RPS)', ratio(cached?.rps, hiveRust?.rps), '>=', 1.5)),
    judged(check('Tail latency with cache + dedup', 'Trellis cache+dedup p99 ÷ direct-subgraph p99', ratio(cached?.p99, direct?.p99), '<=', 2)),
  ];
}

const fixed = (value: number | undefined, digits: number) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));

export function markdownTable(results: readonly TargetResult[]): string {
  const lines = [
    '| target | dedup | response cache | RPS | p50 ms | p99 ms | gateway CPU ms/req | subgraph CPU ms/req | PostgreSQL CPU ms/req | errors |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    const m = summarize(result);
    if (!m) {
      lines.push(`| ${result.label} | ${result.dedup} | ${result.cache} | failed: ${(result.failure ?? 'no rounds').replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 200)} | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${result.label} | ${result.dedup} | ${result.cache} | ${fixed(m.rps, 0)} | ${fixed(m.p50, 1)} | ${fixed(m.p99, 1)} | ${fixed(m.gatewayCpuMs, 2)} | ${fixed(m.subgraphCpuMs, 2)} | ${fixed(m.postgresCpuMs, 2)} | ${m.errors} |`,
    );
  }
  return lines.join('\n');
}

export function markdownAcceptance(checks: readonly Acceptance[]): string {
  const lines = ['| acceptance | measured | target | |', '|---|---:|---|---|'];
  for (const c of checks) {
    const unit = c.target.endsWith('ms') ? ' ms' : '×';
    lines.push(`| ${c.name}: ${c.formula} | ${c.value === undefined ? 'n/a' : `${c.value.toFixed(2)}${unit}`} | ${c.target} | ${c.pass === undefined ? (c.note ?? 'n/a') : c.pass ? 'PASS' : 'FAIL'} |`);
  }
  return lines.join('\n');
}

/** Median subgraph CPU per request, subgraph by subgraph: which one the subgraph-side cost is in. */
export function markdownSubgraphs(results: readonly TargetResult[]): string {
  const names = [...new Set(results.flatMap((r) => r.rounds.flatMap((s) => Object.keys(s.subgraphCpuMsBy ?? {}))))];
  if (names.length === 0) return '';
  const lines = [`| subgraph CPU ms/req | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  for (const result of results) {
    if (result.rounds.length === 0) continue;
    lines.push(`| ${result.label} | ${names.map((n) => fixed(median(result.rounds.map((s) => s.subgraphCpuMsBy?.[n] ?? Number.NaN).filter((v) => !Number.isNaN(v))), 2)).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Every round's RPS and p99, to see the spread the medians hide. */
export function markdownRounds(results: readonly TargetResult[]): string {
  const rounds = Math.max(0, ...results.map((r) => r.rounds.length));
  if (rounds === 0) return '';
  const header = Array.from({ length: rounds }, (_, i) => `round ${i + 1}`);
  const lines = [`| target | ${header.join(' | ')} |`, `|---|${header.map(() => '---:').join('|')}|`];
  for (const result of results) {
    if (result.rounds.length === 0) continue;
    const cells = Array.from({ length: rounds }, (_, i) => {
      const s = result.rounds.find((r) => r.round === i + 1);
      return s ? `${s.rps.toFixed(0)}/s, p99 ${s.p99.toFixed(0)} ms` : '–';
    });
    lines.push(`| ${result.label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** How busy the rest of the machine was during the rounds: median and highest, in cores. */
export function otherLoad(results: readonly TargetResult[]): { median: number; max: number } | undefined {
  const all = results.flatMap((r) => r.rounds.map((s) => s.otherCores));
  return all.length ? { median: median(all), max: Math.max(...all) } : undefined;
}

/** Round r (0-based) runs the targets rotated by r: A B C, then B C A, then C A B … */
export function roundOrder<T>(targets: readonly T[], round: number): T[] {
  if (targets.length === 0) return [];
  const k = round % targets.length;
  return [...targets.slice(k), ...targets.slice(0, k)];
}
