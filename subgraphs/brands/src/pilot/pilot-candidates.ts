import type { OperatingModel, Sensitivity } from '../decision/recommend';

/**
 * Where a pilot would teach the portfolio most: "pilot the boundary, not the entire portfolio".
 * A brand × capability is a candidate when its model is in doubt —
 *
 *   PENDING_EXCEPTION    someone proposes to depart from the recommendation        weight 3
 *   EXCEPTION_IN_EFFECT  the decision in effect departs from the recommendation    weight 2
 *   BORDERLINE           a one-point change of one score would change the model    weight 1
 *   REVIEW_OVERDUE       (adds to the above) the decision is past its review       weight 0.5
 *   + 0.25 per way the recommendation flips (`flipsWith`), at most 4 counted
 *
 * — and no pilot of it is planned or running. The model to trial: the proposed one for a pending
 * exception, the recommended one for an exception in effect (would the recommendation do better?),
 * else the model a borderline recommendation flips to most often (ties in the order OPERATE,
 * ORCHESTRATE, FEDERATE, PARTNER). A cell whose suggested model is the one already in effect is no
 * candidate. Ranked by score, then brand slug, then capability code. Worked example in docs/lifecycle.md.
 */
export type CandidateReason = 'PENDING_EXCEPTION' | 'EXCEPTION_IN_EFFECT' | 'BORDERLINE' | 'REVIEW_OVERDUE';

export interface CellFacts {
  brandId: string;
  brandSlug: string;
  capabilityId: string;
  capabilityCode: string;
  decidedModel: OperatingModel | null;
  recommendation: { model: OperatingModel; borderline: boolean; flipsWith: readonly Sensitivity[] } | null;
  /** A PROPOSED decision that departs from the recommendation. */
  pendingException: { model: OperatingModel } | null;
  reviewOverdue: boolean;
  openPilot: boolean;
}

export interface PilotCandidate {
  brandId: string;
  capabilityId: string;
  currentModel: OperatingModel | null;
  recommendedModel: OperatingModel | null;
  suggestedModel: OperatingModel;
  reasons: CandidateReason[];
  flipsWith: readonly Sensitivity[];
  score: number;
}

const MODELS: readonly OperatingModel[] = ['OPERATE', 'ORCHESTRATE', 'FEDERATE', 'PARTNER'];

function mostFrequentFlip(flips: readonly Sensitivity[], besides: OperatingModel | null): OperatingModel | null {
  let best: OperatingModel | null = null;
  let count = 0;
  for (const model of MODELS) {
    if (model === besides) continue;
    const n = flips.filter((f) => f.model === model).length;
    if (n > count) [best, count] = [model, n];
  }
  return best;
}

export function rankPilotCandidates(cells: readonly CellFacts[]): PilotCandidate[] {
  const candidates: (PilotCandidate & { brandSlug: string; capabilityCode: string })[] = [];
  for (const cell of cells) {
    if (cell.openPilot) continue;
    const recommended = cell.recommendation?.model ?? null;
    const reasons: CandidateReason[] = [];
    if (cell.pendingException) reasons.push('PENDING_EXCEPTION');
    if (cell.decidedModel && recommended && cell.decidedModel !== recommended) reasons.push('EXCEPTION_IN_EFFECT');
    if (cell.recommendation?.borderline) reasons.push('BORDERLINE');
    if (reasons.length === 0) continue;
    if (cell.reviewOverdue) reasons.push('REVIEW_OVERDUE');
    const flips = cell.recommendation?.flipsWith ?? [];
    const suggested = cell.pendingException?.model ?? (reasons.includes('EXCEPTION_IN_EFFECT') ? recommended : mostFrequentFlip(flips, cell.decidedModel ?? recommended));
    if (!suggested || suggested === cell.decidedModel) continue;
    const weight: Record<CandidateReason, number> = { PENDING_EXCEPTION: 3, EXCEPTION_IN_EFFECT: 2, BORDERLINE: 1, REVIEW_OVERDUE: 0.5 };
    const score = reasons.reduce((s, r) => s + weight[r], 0) + 0.25 * Math.min(flips.length, 4);
    candidates.push({
      brandId: cell.brandId,
      capabilityId: cell.capabilityId,
      brandSlug: cell.brandSlug,
      capabilityCode: cell.capabilityCode,
      currentModel: cell.decidedModel,
      recommendedModel: recommended,
      suggestedModel: suggested,
      reasons,
      flipsWith: flips,
      score,
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.brandSlug.localeCompare(b.brandSlug) || a.capabilityCode.localeCompare(b.capabilityCode));
  return candidates.map(({ brandSlug: _s, capabilityCode: _c, ...c }) => c);
}
