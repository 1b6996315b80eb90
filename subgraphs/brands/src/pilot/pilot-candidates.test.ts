import { recommend } from '../decision/recommend';
import { rankPilotCandidates, type CellFacts } from './pilot-candidates';

const cell = (over: Partial<CellFacts>): CellFacts => ({
  brandId: 'b',
  brandSlug: 'b',
  capabilityId: 'c',
  capabilityCode: 'C',
  decidedModel: 'OPERATE',
  recommendation: { model: 'OPERATE', borderline: false, flipsWith: [] },
  pendingException: null,
  reviewOverdue: false,
  openPilot: false,
  ...over,
});

describe('rankPilotCandidates', () => {
  // Fulfillment in the demo: 2 / 2 / 4 / 3 / 4 / 3 → ORCHESTRATE, flips to FEDERATE with differentiation 3 and to PARTNER with platformMaturity 2.
  const fulfillment = recommend({ differentiation: 2, risk: 2, reusePotential: 4, demandVolatility: 3, processCommonality: 4, platformMaturity: 3 });

  it('ranks the worked example: a pending exception, an exception in effect, then a borderline cell', () => {
    const ranked = rankPilotCandidates([
      cell({ brandSlug: 'northwind', capabilityCode: 'FULFILLMENT', decidedModel: 'ORCHESTRATE', recommendation: fulfillment }),
      cell({ brandSlug: 'halden', capabilityCode: 'FULFILLMENT', decidedModel: 'PARTNER', recommendation: fulfillment, reviewOverdue: true }),
      cell({ brandSlug: 'lumen', capabilityCode: 'STOREFRONT', decidedModel: 'FEDERATE', recommendation: { model: 'FEDERATE', borderline: false, flipsWith: [] }, pendingException: { model: 'OPERATE' } }),
      cell({ brandSlug: 'aurelia', capabilityCode: 'PAYMENTS', decidedModel: 'ORCHESTRATE', recommendation: { model: 'ORCHESTRATE', borderline: false, flipsWith: [] } }),
    ]);
    expect(ranked.map((c) => [c.suggestedModel, c.reasons, c.score])).toEqual([
      ['ORCHESTRATE', ['EXCEPTION_IN_EFFECT', 'BORDERLINE', 'REVIEW_OVERDUE'], 4],
      ['OPERATE', ['PENDING_EXCEPTION'], 3],
      ['FEDERATE', ['BORDERLINE'], 1.5],
    ]);
    expect(ranked[0]).toMatchObject({ currentModel: 'PARTNER', recommendedModel: 'ORCHESTRATE' });
  });

  it('leaves out a cell with a pilot planned or running, and one whose model is not in doubt', () => {
    expect(rankPilotCandidates([cell({ recommendation: fulfillment, decidedModel: 'ORCHESTRATE', openPilot: true })])).toEqual([]);
    expect(rankPilotCandidates([cell({})])).toEqual([]);
    expect(rankPilotCandidates([cell({ recommendation: null, decidedModel: null })])).toEqual([]);
  });

  it('suggests the model a borderline recommendation flips to most often, other than the one in effect', () => {
    const flips = [
      { input: 'risk' as const, score: 3, model: 'OPERATE' as const },
      { input: 'platformMaturity' as const, score: 3, model: 'ORCHESTRATE' as const },
      { input: 'reusePotential' as const, score: 2, model: 'ORCHESTRATE' as const },
    ];
    const [c] = rankPilotCandidates([cell({ decidedModel: 'PARTNER', recommendation: { model: 'PARTNER', borderline: true, flipsWith: flips } })]);
    expect(c).toMatchObject({ suggestedModel: 'ORCHESTRATE', score: 1.75 });
  });

  it('breaks ties by brand slug, then capability code', () => {
    const ranked = rankPilotCandidates([
      cell({ brandSlug: 'z', capabilityCode: 'A', capabilityId: '1', decidedModel: 'ORCHESTRATE', recommendation: fulfillment }),
      cell({ brandSlug: 'a', capabilityCode: 'B', capabilityId: '2', decidedModel: 'ORCHESTRATE', recommendation: fulfillment }),
      cell({ brandSlug: 'a', capabilityCode: 'A', capabilityId: '3', decidedModel: 'ORCHESTRATE', recommendation: fulfillment }),
    ]);
    expect(ranked.map((c) => c.capabilityId)).toEqual(['3', '2', '1']);
  });
});
