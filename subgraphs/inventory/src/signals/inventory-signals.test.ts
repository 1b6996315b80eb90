import { lacksCapacity, positionFreshness, stockCountAccuracy } from './inventory-signals';

describe('inventory signals', () => {
  it('stock count accuracy: the share of on hand not corrected in the last 30 days', () => {
    expect(stockCountAccuracy(0, 1000)).toBe(1);
    expect(stockCountAccuracy(30, 1000)).toBe(0.97);
    expect(stockCountAccuracy(2000, 1000)).toBe(0);
    expect(stockCountAccuracy(5, 0)).toBe(1);
  });

  it('a position is stale when on hand was last confirmed more than a week ago', () => {
    const now = new Date('2026-05-10T12:00:00Z');
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    expect(positionFreshness([hoursAgo(1), hoursAgo(168), hoursAgo(169.5)], now)).toEqual({ positions: 3, stalePositions: 1, oldestPositionHours: 169.5 });
    expect(positionFreshness([], now)).toEqual({ positions: 0, stalePositions: 0, oldestPositionHours: null });
  });

  it('a node lacks capacity when active with none, or inactive while holding the brand’s stock', () => {
    expect(lacksCapacity({ active: true, dailyCapacity: 0 }, 10)).toBe(true);
    expect(lacksCapacity({ active: true, dailyCapacity: 5 }, 10)).toBe(false);
    expect(lacksCapacity({ active: false, dailyCapacity: 5 }, 10)).toBe(true);
    expect(lacksCapacity({ active: false, dailyCapacity: 5 }, 0)).toBe(false);
  });
});
