import { parsePeriod, periodOf, previousPeriod, requirePeriod } from './period';

describe('periods', () => {
  it('are calendar months in UTC, with their length', () => {
    expect(parsePeriod('2026-02')).toEqual({ period: '2026-02', start: new Date('2026-02-01T00:00:00Z'), end: new Date('2026-03-01T00:00:00Z'), days: 28 });
    expect(parsePeriod('2028-02')!.days).toBe(29);
    expect(parsePeriod('2026-12')!.end).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it('refuse what is not a month', () => {
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', '0000-01', '']) expect(parsePeriod(bad)).toBeNull();
    expect(() => requirePeriod('period', '2026-13')).toThrow(/period: must be a month/);
  });

  it('name the month of an instant and the month before', () => {
    expect(periodOf(new Date('2026-03-31T23:59:59Z'))).toBe('2026-03');
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-03')).toBe('2026-02');
  });
});
