import { brandPerformance } from './brand-performance';

describe('brandPerformance', () => {
  const reports = [
    { period: '2026-04', actuals: [{ kpi: 'INVENTORY_ACCURACY' as const, value: 0.99 }, { kpi: 'FILL_RATE' as const, value: 0.97 }] },
    { period: '2026-05', actuals: [{ kpi: 'INVENTORY_ACCURACY' as const, value: 0.992 }, { kpi: 'FILL_RATE' as const, value: 0.98 }] },
    { period: '2026-05', actuals: [{ kpi: 'INVENTORY_ACCURACY' as const, value: 0.95 }, { kpi: 'OTIF' as const, value: 0.9 }] },
  ];

  it('averages the actuals of the contracts reporting in the latest period', () => {
    expect(brandPerformance(reports)).toEqual({ period: '2026-05', inventoryAccuracy: 0.971, fillRate: 0.98, contractsReporting: 2 });
  });

  it('answers for the period asked, and null for a KPI nobody reports', () => {
    expect(brandPerformance(reports, '2026-04')).toEqual({ period: '2026-04', inventoryAccuracy: 0.99, fillRate: 0.97, contractsReporting: 1 });
    expect(brandPerformance(reports, '2026-01')).toEqual({ period: '2026-01', inventoryAccuracy: null, fillRate: null, contractsReporting: 0 });
    expect(brandPerformance([])).toEqual({ period: null, inventoryAccuracy: null, fillRate: null, contractsReporting: 0 });
  });
});
