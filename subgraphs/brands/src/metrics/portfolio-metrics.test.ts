import { exceptionVolume, inventoryAccuracy, meanDays, pilotSuccessRate } from './portfolio-metrics';

describe('portfolio metrics', () => {
  const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour));

  it('time from proposal to approval: the mean in days, to one decimal', () => {
    expect(meanDays([{ from: at(1), to: at(3) }, { from: at(2), to: at(3, 12) }])).toBe(1.8);
    expect(meanDays([])).toBeNull();
  });

  it('pilot success rate: succeeded over judged, abandoned pilots not judged', () => {
    expect(pilotSuccessRate(['SUCCEEDED', 'FAILED', 'SUCCEEDED', 'ABANDONED'])).toBe(0.6667);
    expect(pilotSuccessRate(['ABANDONED'])).toBeNull();
  });

  it('exception volume adds the three ledgers; inventory accuracy is the worse of counts and partner reports', () => {
    expect(exceptionVolume({ exceptionDecisions: 1, orderExceptions: 3, breachesOpened: 2 })).toBe(6);
    expect(inventoryAccuracy(0.99, 0.95)).toBe(0.95);
    expect(inventoryAccuracy(0.98, null)).toBe(0.98);
  });
});
