import { randomUUID } from 'node:crypto';
import type { DemoBrand, DemoCapability } from '../../../../shared/src/demo/portfolio';
import type { AssessmentEntity } from './assessment.entity';
import type { DecisionEntity, EvidenceItem } from './decision.entity';
import { recommend, type OperatingModel, type Scores } from './recommend';
import { reviewDueFor } from './review-due';

/** How each capability typically scores, before a brand's own character is applied. */
const PROFILES: Record<string, [d: number, r: number, u: number, v: number, c: number, m: number]> = {
  STOREFRONT: [4, 3, 3, 4, 3, 4],
  PRODUCT_CONTENT: [4, 2, 2, 3, 2, 3],
  PROMOTIONS: [3, 2, 3, 4, 3, 3],
  CRM: [3, 4, 4, 2, 4, 4],
  LOYALTY: [4, 3, 3, 2, 3, 3],
  CUSTOMER_SERVICE: [2, 2, 3, 2, 3, 2],
  PRICING: [3, 4, 4, 2, 4, 4],
  ORDER_MANAGEMENT: [2, 4, 5, 2, 5, 4],
  INVENTORY: [1, 4, 5, 2, 5, 4],
  FULFILLMENT: [2, 2, 4, 3, 4, 3],
  PAYMENTS: [1, 5, 5, 1, 5, 5],
  ANALYTICS: [2, 2, 4, 2, 4, 2],
};

/** A brand's character shifts some scores: luxury differentiates more, an incubated brand is not yet on the platform. */
function adjust(brand: DemoBrand, capability: DemoCapability, [d, r, u, v, c, m]: number[]): Scores {
  const edge = capability.layer === 'EDGE';
  switch (brand.slug) {
    case 'aurelia':
      if (edge) d += 1;
      break;
    case 'northwind':
      if (edge) v += 1;
      break;
    case 'halden':
      if (edge) {
        d -= 1;
        v -= 1;
      }
      break;
    case 'lumen':
      if (capability.code === 'PRODUCT_CONTENT' || capability.code === 'PROMOTIONS') d += 1;
      break;
    case 'kestrel':
      if (edge) m -= 1;
      break;
    case 'tidepool':
      m -= 1;
      break;
  }
  const clamp = (n: number) => Math.min(5, Math.max(1, n!));
  return {
    differentiation: clamp(d!),
    risk: clamp(r!),
    reusePotential: clamp(u!),
    demandVolatility: clamp(v!),
    processCommonality: clamp(c!),
    platformMaturity: clamp(m!),
  };
}

interface Exception {
  model: OperatingModel;
  rationale: string;
  evidence: EvidenceItem[];
  proposedBy: string;
  pending?: boolean;
}

/** Decisions that knowingly depart from the recommendation, with the evidence that justified them. */
const EXCEPTIONS: Record<string, Exception> = {
  'halden/FULFILLMENT': {
    model: 'PARTNER',
    rationale: 'Volumes are falling; Swiftlane already runs Leeds for us and takes the fixed cost off a declining brand.',
    evidence: [
      { kind: 'RISK_REDUCTION', measuredValue: 0.35, unit: 'share of fixed fulfillment cost made variable', source: 'FP&A model FY26-Q2', description: null },
      { kind: 'INCREMENTAL_REVENUE', measuredValue: 120000, unit: 'EUR/year from faster UK delivery', source: 'Swiftlane pilot, 2026-03', description: null },
    ],
    proposedBy: 'tom.baines@halden',
  },
  'kestrel/STOREFRONT': {
    model: 'PARTNER',
    rationale: 'Marketa reaches parents we do not; our own storefront converts at half their rate.',
    evidence: [{ kind: 'CONVERSION_LIFT', measuredValue: 2.1, unit: 'x conversion vs own storefront', source: 'A/B test 2026-02, 41k sessions', description: null }],
    proposedBy: 'ana.kovac@kestrel',
  },
  'lumen/STOREFRONT': {
    model: 'OPERATE',
    rationale: 'Shade-matching and ritual content are the brand: we want our own storefront stack.',
    evidence: [{ kind: 'STRATEGIC_DIFFERENTIATION', measuredValue: 0.18, unit: 'NPS uplift (points/100) in pilot', source: 'Lumen lab storefront pilot', description: null }],
    proposedBy: 'lea.martin@lumen',
    pending: true,
  },
};

const DAY = 86_400_000;
const PORTFOLIO_LEAD = 'ines.moreau@portfolio-office';
const APPROVER = 'marc.delacroix@cio-office';

/**
 * Assessments and decisions for every brand × capability: most follow the recommendation, a few are
 * approved exceptions, one exception awaits approval, and the older decisions are past their review.
 */
export function demoDecisions(brands: DemoBrand[], capabilities: DemoCapability[], now = new Date()) {
  const assessments: AssessmentEntity[] = [];
  const decisions: DecisionEntity[] = [];
  let k = 0;
  for (const brand of brands) {
    for (const capability of capabilities) {
      k += 1;
      const scores = adjust(brand, capability, PROFILES[capability.code]!);
      const decidedAt = new Date(now.getTime() - (20 + ((k * 37) % 180)) * DAY);
      const assessment: AssessmentEntity = {
        id: randomUUID(),
        brandId: brand.id,
        capabilityId: capability.id,
        ...scores,
        assessor: PORTFOLIO_LEAD,
        notes: `Annual capability review, ${brand.name}`,
        assessedAt: new Date(decidedAt.getTime() - 7 * DAY),
      };
      assessments.push(assessment);
      const recommended = recommend(scores).model;
      const exception = EXCEPTIONS[`${brand.slug}/${capability.code}`];
      const base = {
        brandId: brand.id,
        capabilityId: capability.id,
        supersedesId: null,
        recommendedModel: recommended,
        assessmentId: assessment.id,
        supersededAt: null,
        pilotId: null,
      };
      const approved = (model: OperatingModel, rationale: string, evidence: EvidenceItem[], proposedBy: string): DecisionEntity => ({
        ...base,
        id: randomUUID(),
        version: 1,
        model,
        status: 'APPROVED',
        rationale,
        evidence,
        isException: model !== recommended,
        proposedBy,
        proposedAt: new Date(decidedAt.getTime() - 2 * DAY),
        decidedBy: APPROVER,
        decidedAt,
        decisionNote: 'Approved at the portfolio board',
        effectiveFrom: decidedAt,
        reviewDueAt: reviewDueFor(decidedAt),
      });
      if (exception?.pending) {
        decisions.push(approved(recommended, 'Follows the recommendation', [], PORTFOLIO_LEAD));
        decisions.push({
          ...base,
          id: randomUUID(),
          version: 2,
          model: exception.model,
          status: 'PROPOSED',
          rationale: exception.rationale,
          evidence: exception.evidence,
          isException: exception.model !== recommended,
          proposedBy: exception.proposedBy,
          proposedAt: new Date(now.getTime() - 3 * DAY),
          decidedBy: null,
          decidedAt: null,
          decisionNote: null,
          effectiveFrom: null,
          reviewDueAt: null,
        });
      } else if (exception) {
        decisions.push(approved(exception.model, exception.rationale, exception.evidence, exception.proposedBy));
      } else {
        decisions.push(approved(recommended, 'Follows the recommendation', [], PORTFOLIO_LEAD));
      }
    }
  }
  return { assessments, decisions };
}
