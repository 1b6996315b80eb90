import { periodScores } from './period-scores';
import { trendOf, type Severity, type Trend } from './scorecard';

/** Points an open breach adds to its partner's risk, by severity. */
export const SEVERITY_POINTS: Record<Severity, number> = { CRITICAL: 5, MAJOR: 3, MINOR: 1 };
/** Among equal severity, a worsening partner ranks first and an improving one last. */
const TREND_ORDER: Record<Trend, number> = { WORSENING: 0, UNKNOWN: 1, STABLE: 2, IMPROVING: 3 };

export interface PartnerRiskInput {
  partnerId: string;
  openBreaches: readonly { severity: Severity }[];
  reports: readonly { period: string; weightedScore: number }[];
}

export interface PartnerRiskRow {
  partnerId: string;
  rank: number;
  openBreaches: number;
  criticalBreaches: number;
  severityScore: number;
  latestScore: number | null;
  trend: Trend;
}

/**
 * Partners ranked by risk, 1 = most at risk: by the severity points of their open breaches, then
 * by trend (worsening first), then by the lower latest weighted score (a partner without one counts
 * as 1); the sort is stable, so remaining ties keep the order given.
 */
export function rankPartnerRisk(partners: readonly PartnerRiskInput[]): PartnerRiskRow[] {
  const rows = partners.map(({ partnerId, openBreaches, reports }) => {
    const byPeriod = periodScores(reports);
    return {
      partnerId,
      rank: 0,
      openBreaches: openBreaches.length,
      criticalBreaches: openBreaches.filter((b) => b.severity === 'CRITICAL').length,
      severityScore: openBreaches.reduce((s, b) => s + SEVERITY_POINTS[b.severity], 0),
      latestScore: byPeriod.at(-1)?.score ?? null,
      trend: trendOf(byPeriod.at(-1)?.score, byPeriod.at(-2)?.score),
    };
  });
  rows.sort((a, b) => b.severityScore - a.severityScore || TREND_ORDER[a.trend] - TREND_ORDER[b.trend] || (a.latestScore ?? 1) - (b.latestScore ?? 1));
  return rows.map((r, i) => ({ ...r, rank: i + 1 }));
}
