import { quantile, shareAbove } from '../../../../shared/src/usage/latency-histogram';

/** The windows an objective is judged over. */
export const SLO_WINDOWS = { H1: 3_600_000, H6: 6 * 3_600_000, D30: 30 * 86_400_000 } as const;
export type SloWindowName = keyof typeof SLO_WINDOWS;

/** The share of requests a latency objective lets be slower than its `p99Ms`: 1 % (it is a 99th percentile). */
export const LATENCY_BUDGET = 0.01;

export interface Objective {
  p99Ms: number;
  errorRate: number;
}

/** The gateway's fetches from a service's subgraphs over a window. */
export interface FetchStats {
  requests: number;
  errors: number;
  /** Latency histogram (`shared/src/usage/latency-histogram.ts`). */
  buckets: readonly number[];
}

export interface Health {
  requests: number;
  errors: number;
  errorRate: number | null;
  p99Ms: number | null;
  /** Share of requests slower than the objective's p99Ms. */
  slowShare: number | null;
  errorBurnRate: number;
  latencyBurnRate: number;
  /** The larger of the two: above 1 the service spends its error budget faster than the objective allows. */
  burnRate: number;
  meetsObjective: boolean;
}

/**
 * How fast a service burns its error budget over a window (see docs/showback-and-slos.md):
 *
 *   errorBurnRate   = (errors / requests) / objective.errorRate
 *   latencyBurnRate = (share of requests slower than objective.p99Ms) / 1 %
 *   burnRate        = max(errorBurnRate, latencyBurnRate);  meetsObjective ⇔ burnRate ≤ 1
 *
 * A burn rate of 1 spends exactly the budget by the end of the window; 2 spends it in half the
 * window. With no request in the window both rates are 0 and the objective is met.
 */
export function burnRates(stats: FetchStats, objective: Objective): Health {
  if (stats.requests <= 0) {
    return { requests: 0, errors: 0, errorRate: null, p99Ms: null, slowShare: null, errorBurnRate: 0, latencyBurnRate: 0, burnRate: 0, meetsObjective: true };
  }
  const errorRate = stats.errors / stats.requests;
  const slowShare = shareAbove(stats.buckets, objective.p99Ms);
  const errorBurnRate = errorRate / objective.errorRate;
  const latencyBurnRate = slowShare / LATENCY_BUDGET;
  const burnRate = Math.max(errorBurnRate, latencyBurnRate);
  return {
    requests: stats.requests,
    errors: stats.errors,
    errorRate,
    p99Ms: quantile(stats.buckets, 0.99),
    slowShare,
    errorBurnRate,
    latencyBurnRate,
    burnRate,
    meetsObjective: burnRate <= 1,
  };
}
