import { rankPartnerRisk } from './partner-risk';
import { periodScores } from './period-scores';

const reports = (...scores: number[]) => scores.map((weightedScore, i) => ({ period: `2026-0${i + 1}`, weightedScore }));

describe('periodScores', () => {
  it('averages the contracts of each period, oldest first', () => {
    expect(periodScores([
      { period: '2026-02', weightedScore: 0.9 },
      { period: '2026-01', weightedScore: 1 },
      { period: '2026-02', weightedScore: 0.8 },
    ])).toEqual([{ period: '2026-01', score: 1 }, { period: '2026-02', score: 0.85 }]);
  });
});

describe('rankPartnerRisk', () => {
  it('ranks by open-breach severity points (CRITICAL 5, MAJOR 3, MINOR 1); full ties keep the order given', () => {
    const ranked = rankPartnerRisk([
      { partnerId: 'three-minor', openBreaches: [{ severity: 'MINOR' }, { severity: 'MINOR' }, { severity: 'MINOR' }], reports: [] },
      { partnerId: 'one-critical', openBreaches: [{ severity: 'CRITICAL' }], reports: [] },
      { partnerId: 'one-major', openBreaches: [{ severity: 'MAJOR' }], reports: [] },
    ]);
    expect(ranked.map((r) => [r.rank, r.partnerId, r.severityScore, r.criticalBreaches])).toEqual([
      [1, 'one-critical', 5, 1],
      [2, 'three-minor', 3, 0],
      [3, 'one-major', 3, 0],
    ]);
  });

  it('breaks equal severity by trend (worsening first), then by the lower latest score', () => {
    const ranked = rankPartnerRisk([
      { partnerId: 'improving', openBreaches: [], reports: reports(0.9, 0.95) },
      { partnerId: 'stable-high', openBreaches: [], reports: reports(0.99, 0.99) },
      { partnerId: 'worsening', openBreaches: [], reports: reports(0.99, 0.9) },
      { partnerId: 'unknown', openBreaches: [], reports: reports(0.7) },
      { partnerId: 'stable-low', openBreaches: [], reports: reports(0.8, 0.805) },
    ]);
    expect(ranked.map((r) => `${r.partnerId}:${r.trend}`)).toEqual([
      'worsening:WORSENING',
      'unknown:UNKNOWN',
      'stable-low:STABLE',
      'stable-high:STABLE',
      'improving:IMPROVING',
    ]);
    expect(ranked.find((r) => r.partnerId === 'stable-low')?.latestScore).toBe(0.805);
  });

  it('ranks nobody for no partners', () => {
    expect(rankPartnerRisk([])).toEqual([]);
  });
});
