/**
 * A pilot's outcome follows from its measurements against the success metrics fixed before it
 * started — never from anyone's say-so. Pure rules, documented with a worked example in
 * docs/lifecycle.md ("Pilots"), held to it by pilot-outcome.test.ts.
 *
 *   a metric is met      when its latest measurement reaches the target: value ≥ target when higher
 *                        is better, value ≤ target when lower is better
 *   SUCCEEDED            every metric is measured and met
 *   FAILED               every metric is measured and at least one is not met
 *   INCONCLUSIVE         some metric has no measurement yet: the pilot cannot be concluded either way
 *
 * "Latest" is the measurement taken last (`measuredAt`); of two taken at the same instant, the one
 * recorded last.
 */
export type MetricDirection = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
export type PilotVerdict = 'SUCCEEDED' | 'FAILED' | 'INCONCLUSIVE';

export interface PilotMetric {
  metric: string;
  baseline: number;
  target: number;
  direction: MetricDirection;
  dataSource: string;
}

export interface PilotMeasurementFact {
  metric: string;
  value: number;
  measuredAt: Date;
}

export interface MetricResult extends PilotMetric {
  latest: number | null;
  measuredAt: Date | null;
  measurements: number;
  /** null while unmeasured. */
  met: boolean | null;
}

export interface PilotEvaluation {
  verdict: PilotVerdict;
  metrics: MetricResult[];
  metCount: number;
  measuredCount: number;
}

export const MAX_METRICS = 10;
const METRIC_NAME = /^[A-Z][A-Z0-9_]{1,39}$/;

export function meets(direction: MetricDirection, value: number, target: number): boolean {
  return direction === 'HIGHER_IS_BETTER' ? value >= target : value <= target;
}

export function evaluatePilot(metrics: readonly PilotMetric[], measurements: readonly PilotMeasurementFact[]): PilotEvaluation {
  const results = metrics.map((m): MetricResult => {
    const own = measurements.filter((x) => x.metric === m.metric);
    const latest = own.reduce<PilotMeasurementFact | null>((best, x) => (!best || x.measuredAt.getTime() >= best.measuredAt.getTime() ? x : best), null);
    return { ...m, latest: latest?.value ?? null, measuredAt: latest?.measuredAt ?? null, measurements: own.length, met: latest ? meets(m.direction, latest.value, m.target) : null };
  });
  const measuredCount = results.filter((r) => r.met !== null).length;
  const metCount = results.filter((r) => r.met === true).length;
  const verdict: PilotVerdict = measuredCount < results.length || results.length === 0 ? 'INCONCLUSIVE' : metCount === results.length ? 'SUCCEEDED' : 'FAILED';
  return { verdict, metrics: results, metCount, measuredCount };
}

/**
 * What is wrong with a set of success metrics, naming the first problem, or null: one to ten
 * metrics with distinct names (UPPER_SNAKE, e.g. COST_PER_ORDER), a data source each, finite
 * numbers, and a target that is no worse than the baseline in the metric's direction.
 */
export function metricsProblem(metrics: readonly PilotMetric[]): { field: string; message: string } | null {
  if (metrics.length === 0) return { field: 'metrics', message: 'fix at least one success metric before the pilot starts.' };
  if (metrics.length > MAX_METRICS) return { field: 'metrics', message: `at most ${MAX_METRICS} success metrics.` };
  const seen = new Set<string>();
  for (const [i, m] of metrics.entries()) {
    const at = `metrics[${i}]`;
    if (!METRIC_NAME.test(m.metric)) return { field: `${at}.metric`, message: 'name it in UPPER_SNAKE_CASE, 2–40 characters, e.g. "COST_PER_ORDER".' };
    if (seen.has(m.metric)) return { field: `${at}.metric`, message: `${m.metric} is named twice.` };
    seen.add(m.metric);
    if (!Number.isFinite(m.baseline)) return { field: `${at}.baseline`, message: 'must be a number.' };
    if (!Number.isFinite(m.target)) return { field: `${at}.target`, message: 'must be a number.' };
    if (!meets(m.direction, m.target, m.baseline)) {
      return { field: `${at}.target`, message: `must be no worse than the baseline ${m.baseline} (${m.direction === 'HIGHER_IS_BETTER' ? 'higher' : 'lower'} is better).` };
    }
    if (!m.dataSource?.trim()) return { field: `${at}.dataSource`, message: 'say where the measurements will come from.' };
  }
  return null;
}

export type PilotConclusion = 'SUCCEEDED' | 'FAILED' | 'ABANDONED';

/**
 * Whether a pilot may be concluded as asked: ABANDONED always (a pilot can be stopped whatever it
 * measured); SUCCEEDED or FAILED only when that is what the measurements say.
 */
export function conclusionProblem(asked: PilotConclusion, evaluation: PilotEvaluation): string | null {
  if (asked === 'ABANDONED' || asked === evaluation.verdict) return null;
  if (evaluation.verdict === 'INCONCLUSIVE') {
    const missing = evaluation.metrics.filter((m) => m.met === null).map((m) => m.metric);
    return `not every success metric is measured yet (${missing.join(', ')}): the pilot can be abandoned, not concluded ${asked}.`;
  }
  const missed = evaluation.metrics.filter((m) => m.met === false).map((m) => `${m.metric} ${m.latest} vs target ${m.target}`);
  return evaluation.verdict === 'SUCCEEDED'
    ? `every success metric met its target: the outcome is SUCCEEDED, not ${asked}.`
    : `the measurements miss their targets (${missed.join('; ')}): the outcome is FAILED, not ${asked}.`;
}
