import type { Actual, Kpi } from './scorecard';

/**
 * How a brand's partners performed in a period, from the actuals they reported (not the targets:
 * actuals are no commercial term): the mean INVENTORY_ACCURACY and FILL_RATE over the brand's
 * contracts that report them. Without a period, the latest period any contract of the brand reported.
 * Means are rounded to 4 decimals; a KPI no contract reports is null.
 */
export interface BrandPerformance {
  period: string | null;
  inventoryAccuracy: number | null;
  fillRate: number | null;
  contractsReporting: number;
}

export function brandPerformance(reports: readonly { period: string; actuals: readonly Actual[] }[], period?: string | null): BrandPerformance {
  const asked = period ?? reports.map((r) => r.period).sort().at(-1) ?? null;
  const inPeriod = reports.filter((r) => r.period === asked);
  const mean = (kpi: Kpi) => {
    const values = inPeriod.flatMap((r) => r.actuals.filter((a) => a.kpi === kpi).map((a) => a.value));
    return values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10_000) / 10_000 : null;
  };
  return { period: asked, inventoryAccuracy: mean('INVENTORY_ACCURACY'), fillRate: mean('FILL_RATE'), contractsReporting: inPeriod.length };
}
