export interface PeriodScore {
  period: string;
  score: number;
}

/** The mean weighted score of a partner's reports per period (its contracts averaged), oldest first, to 4 places. */
export function periodScores(reports: readonly { period: string; weightedScore: number }[]): PeriodScore[] {
  const periods = [...new Set(reports.map((r) => r.period))].sort();
  return periods.map((period) => {
    const of = reports.filter((r) => r.period === period);
    return { period, score: Math.round((of.reduce((s, r) => s + r.weightedScore, 0) / of.length) * 10_000) / 10_000 };
  });
}
