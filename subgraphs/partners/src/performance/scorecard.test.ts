import { attainment, checkActuals, cureDueAt, periodBounds, scorecard, severityOf, trendOf, type SlaTarget } from './scorecard';

const targets: SlaTarget[] = [
  { kpi: 'OTIF', target: 0.95, direction: 'HIGHER_IS_BETTER' },
  { kpi: 'FILL_RATE', target: 0.98, direction: 'HIGHER_IS_BETTER' },
  { kpi: 'DOCK_TO_STOCK_HOURS', target: 24, direction: 'LOWER_IS_BETTER' },
];

describe('attainment', () => {
  it('is actual/target when higher is better, capped at 1', () => {
    expect(attainment(targets[0]!, 0.855)).toBe(0.9);
    expect(attainment(targets[0]!, 0.99)).toBe(1);
  });

  it('is target/actual when lower is better, 1 at or under target', () => {
    expect(attainment(targets[2]!, 30)).toBe(0.8);
    expect(attainment(targets[2]!, 12)).toBe(1);
    expect(attainment(targets[2]!, 0)).toBe(1);
  });
});

describe('scorecard', () => {
  it('weights each KPI’s attainment (weight 1 where the contract gives none)', () => {
    const card = scorecard(targets, { OTIF: 3 }, [
      { kpi: 'OTIF', value: 0.855 },
      { kpi: 'FILL_RATE', value: 0.98 },
      { kpi: 'DOCK_TO_STOCK_HOURS', value: 30 },
    ]);
    expect(card.kpis.map((k) => [k.kpi, k.attainment, k.met])).toEqual([
      ['OTIF', 0.9, false],
      ['FILL_RATE', 1, true],
      ['DOCK_TO_STOCK_HOURS', 0.8, false],
    ]);
    expect(card.weightedScore).toBe(0.9); // (3·0.9 + 1 + 0.8) / 5
  });
});

describe('severity', () => {
  it.each([
    [0.99, 'MINOR'],
    [0.98, 'MINOR'],
    [0.95, 'MAJOR'],
    [0.9, 'MAJOR'],
    [0.89, 'CRITICAL'],
  ])('attainment %s → %s', (a, s) => expect(severityOf(a)).toBe(s));
});

describe('checkActuals', () => {
  it.each([
    [[{ kpi: 'OTIF', value: -0.1 }], 'INVALID_ACTUAL'],
    [[{ kpi: 'OTIF', value: 1.2 }], 'INVALID_ACTUAL'],
    [[{ kpi: 'OTIF', value: Number.NaN }], 'INVALID_ACTUAL'],
    [[{ kpi: 'OTIF', value: 0.9 }, { kpi: 'OTIF', value: 0.9 }], 'INVALID_ACTUAL'],
    [[{ kpi: 'ORDER_ACCURACY', value: 0.9 }], 'KPI_NOT_IN_CONTRACT'],
    [[], 'INVALID_ACTUAL'],
  ])('refuses %j with %s', (actuals, code) => {
    expect(checkActuals(targets, actuals as never)?.code).toBe(code);
  });

  it('accepts rates in 0–1 and hours above 1', () => {
    expect(checkActuals(targets, [{ kpi: 'OTIF', value: 1 }, { kpi: 'DOCK_TO_STOCK_HOURS', value: 36 }])).toBeNull();
  });
});

describe('periods and cure dates', () => {
  it('reads a month', () => {
    expect(periodBounds('2026-02')).toMatchObject({ start: '2026-02-01', end: '2026-02-28' });
    expect(periodBounds('2026-13')).toBeNull();
    expect(periodBounds('2026-1')).toBeNull();
  });

  it('puts the cure date cure days after the end of the period', () => {
    expect(cureDueAt('2026-10', 30).toISOString()).toBe('2026-11-30T23:59:59.999Z');
  });
});

describe('trend', () => {
  it('compares the two latest scores', () => {
    expect(trendOf(0.9, 0.95)).toBe('WORSENING');
    expect(trendOf(0.96, 0.9)).toBe('IMPROVING');
    expect(trendOf(0.9, 0.905)).toBe('STABLE');
    expect(trendOf(0.9, undefined)).toBe('UNKNOWN');
  });
});
