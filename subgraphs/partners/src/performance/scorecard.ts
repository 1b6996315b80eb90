/**
 * Scorecards and breaches, as pure functions.
 *
 * Attainment of a KPI, 0–1 (1 = target met):
 *   higher is better:  min(1, actual / target)
 *   lower is better:   actual ≤ target ? 1 : target / actual
 * Weighted score = Σ weight·attainment / Σ weight over the KPIs reported (weight 1 if the contract
 * gives none). A KPI below target opens a breach whose severity is set by the shortfall
 * (1 − attainment): up to 2 % MINOR, up to 10 % MAJOR, beyond CRITICAL. The partner must cure it
 * within the contract's cure days from the end of the period.
 */
export type Kpi = 'OTIF' | 'FILL_RATE' | 'ORDER_ACCURACY' | 'INVENTORY_ACCURACY' | 'ON_TIME_SHIP' | 'DOCK_TO_STOCK_HOURS';
export type Direction = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
export type Severity = 'MINOR' | 'MAJOR' | 'CRITICAL';

export const KPIS: readonly Kpi[] = ['OTIF', 'FILL_RATE', 'ORDER_ACCURACY', 'INVENTORY_ACCURACY', 'ON_TIME_SHIP', 'DOCK_TO_STOCK_HOURS'];
/** KPIs measured as a ratio 0–1; the others (hours) only need to be non-negative. */
export const RATIO_KPIS: ReadonlySet<Kpi> = new Set(['OTIF', 'FILL_RATE', 'ORDER_ACCURACY', 'INVENTORY_ACCURACY', 'ON_TIME_SHIP']);

export interface SlaTarget {
  kpi: Kpi;
  target: number;
  direction: Direction;
}

export interface Actual {
  kpi: Kpi;
  value: number;
}

export interface KpiResult {
  kpi: Kpi;
  target: number;
  actual: number;
  direction: Direction;
  attainment: number;
  met: boolean;
  weight: number;
}

export interface Scorecard {
  kpis: KpiResult[];
  weightedScore: number;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

export function attainment(target: SlaTarget, actual: number): number {
  if (target.direction === 'HIGHER_IS_BETTER') return round4(target.target <= 0 ? 1 : Math.min(1, actual / target.target));
  return round4(actual <= target.target ? 1 : target.target / actual);
}

export type ActualsProblem =
  | { code: 'INVALID_ACTUAL'; kpi: Kpi; message: string }
  | { code: 'KPI_NOT_IN_CONTRACT'; kpi: Kpi; message: string };

/** What is wrong with a set of actuals for a contract's targets, or nothing. */
export function checkActuals(targets: readonly SlaTarget[], actuals: readonly Actual[]): ActualsProblem | null {
  const seen = new Set<Kpi>();
  for (const { kpi, value } of actuals) {
    if (!targets.some((t) => t.kpi === kpi)) {
      return { code: 'KPI_NOT_IN_CONTRACT', kpi, message: `${kpi} has no target in this contract; report only ${targets.map((t) => t.kpi).join(', ')}.` };
    }
    if (seen.has(kpi)) return { code: 'INVALID_ACTUAL', kpi, message: `${kpi} is reported twice.` };
    seen.add(kpi);
    if (!Number.isFinite(value) || value < 0) return { code: 'INVALID_ACTUAL', kpi, message: `${kpi} must be a number ≥ 0, not ${value}.` };
    if (RATIO_KPIS.has(kpi) && value > 1) return { code: 'INVALID_ACTUAL', kpi, message: `${kpi} is a rate from 0 to 1 (0.95 = 95 %), not ${value}.` };
  }
  if (actuals.length === 0) return { code: 'INVALID_ACTUAL', kpi: targets[0]?.kpi ?? 'OTIF', message: 'report at least one KPI.' };
  return null;
}

export function scorecard(targets: readonly SlaTarget[], weights: Partial<Record<Kpi, number>>, actuals: readonly Actual[]): Scorecard {
  const kpis = actuals.map(({ kpi, value }) => {
    const target = targets.find((t) => t.kpi === kpi)!;
    const a = attainment(target, value);
    return { kpi, target: target.target, actual: value, direction: target.direction, attainment: a, met: a >= 1, weight: weights[kpi] ?? 1 };
  });
  const totalWeight = kpis.reduce((s, k) => s + k.weight, 0);
  const weightedScore = totalWeight > 0 ? round4(kpis.reduce((s, k) => s + k.weight * k.attainment, 0) / totalWeight) : 0;
  return { kpis, weightedScore };
}

export function severityOf(attainmentValue: number): Severity {
  // In basis points, so 0.98 is exactly a 2 % shortfall despite floating point.
  const shortfall = Math.round((1 - attainmentValue) * 10_000);
  if (shortfall <= 200) return 'MINOR';
  if (shortfall <= 1000) return 'MAJOR';
  return 'CRITICAL';
}

/** A period is a calendar month, "YYYY-MM"; null if malformed. */
export function periodBounds(period: string): { start: string; end: string; endInstant: Date } | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const start = `${period}-01`;
  const endInstant = new Date(Date.UTC(year, month, 1) - 1);
  return { start, end: endInstant.toISOString().slice(0, 10), endInstant };
}

/** The cure is due `cureDays` after the end of the period. */
export function cureDueAt(period: string, cureDays: number): Date {
  const bounds = periodBounds(period)!;
  return new Date(bounds.endInstant.getTime() + 1 + cureDays * 86_400_000 - 1);
}

export type Trend = 'IMPROVING' | 'STABLE' | 'WORSENING' | 'UNKNOWN';

/** From the weighted scores of the two latest periods: a change of more than 1 point is a trend. */
export function trendOf(latest: number | undefined, previous: number | undefined): Trend {
  if (latest === undefined || previous === undefined) return 'UNKNOWN';
  if (latest - previous > 0.01) return 'IMPROVING';
  if (previous - latest > 0.01) return 'WORSENING';
  return 'STABLE';
}
