import type { OperatingModel } from '../decision/recommend';
import type { ReadinessInputs } from '../upstream/upstream-facts';

/**
 * Orchestration readiness: "do not orchestrate before the basics work — if inventory accuracy is
 * poor, data is late, or service rules are inconsistent, a platform will simply automate confusion
 * faster". A pure function of a brand's inventory signals and partner performance; formulas and a
 * worked example in docs/lifecycle.md ("Orchestration readiness"), held to it by readiness.test.ts.
 *
 *   inventory accuracy  a = min(stock count accuracy, the INVENTORY_ACCURACY its partners report)
 *   data freshness      f = 1 − stale positions / positions with stock   (1 without positions)
 *   rule consistency    c = 0 with a policy conflict, else max(0, 1 − 0.25 × nodes without capacity)
 *   score               0.4·a + 0.3·f + 0.3·c, rounded to 3 decimals
 *   ready               a ≥ 0.97 and f ≥ 0.9 and c = 1   (each basic on its own can block)
 *
 * A recommendation of ORCHESTRATE or FEDERATE for a brand that is not ready keeps its model but says
 * so (`BASICS_NOT_READY`), and proposing such a model then needs evidence, as an exception does.
 */
export const MIN_INVENTORY_ACCURACY = 0.97;
export const MIN_FRESHNESS = 0.9;
const WEIGHTS = { accuracy: 0.4, freshness: 0.3, consistency: 0.3 };

export type ReadinessCode = 'INVENTORY_ACCURACY' | 'DATA_FRESHNESS' | 'RULE_CONSISTENCY';

export interface ReadinessReason {
  code: ReadinessCode;
  met: boolean;
  description: string;
}

export interface Readiness {
  ready: boolean;
  score: number;
  inventoryAccuracy: number;
  freshness: number;
  consistency: number;
  reasons: ReadinessReason[];
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
/** A rule fired beside those of `recommend`: it reads the brand's data, not the scores. */
export type GateRuleCode = 'BASICS_NOT_READY';
const fired = (code: GateRuleCode, description: string) => ({ code, description });
const reason = (code: ReadinessCode, met: boolean, description: string): ReadinessReason => ({ code, met, description });

export function orchestrationReadiness(s: ReadinessInputs): Readiness {
  const inventoryAccuracy = round(Math.min(s.stockCountAccuracy, s.partnerInventoryAccuracy ?? 1), 4);
  const freshness = s.positions === 0 ? 1 : round(1 - s.stalePositions / s.positions, 4);
  const consistency = s.policyConflict ? 0 : Math.max(0, 1 - 0.25 * s.nodesWithoutCapacity.length);
  const score = round(WEIGHTS.accuracy * inventoryAccuracy + WEIGHTS.freshness * freshness + WEIGHTS.consistency * consistency, 3);
  const accurate = inventoryAccuracy >= MIN_INVENTORY_ACCURACY;
  const fresh = freshness >= MIN_FRESHNESS;
  const consistent = consistency === 1;
  const partner = s.partnerInventoryAccuracy === null ? 'no partner reports it' : `partners report ${s.partnerInventoryAccuracy} (${s.partnerPeriod})`;
  return {
    ready: accurate && fresh && consistent,
    score,
    inventoryAccuracy,
    freshness,
    consistency,
    reasons: [
      reason(
        'INVENTORY_ACCURACY',
        accurate,
        `inventory accuracy ${inventoryAccuracy} ${accurate ? '≥' : '<'} ${MIN_INVENTORY_ACCURACY}: stock counts corrected ${s.adjustedUnits} of ${s.onHandUnits} units in 30 days (${s.stockCountAccuracy}); ${partner}`,
      ),
      reason(
        'DATA_FRESHNESS',
        fresh,
        `${s.stalePositions} of ${s.positions} stock positions last confirmed more than a week ago (freshness ${freshness} ${fresh ? '≥' : '<'} ${MIN_FRESHNESS}${s.oldestPositionHours !== null ? `; oldest ${s.oldestPositionHours} h` : ''})`,
      ),
      reason(
        'RULE_CONSISTENCY',
        consistent,
        [
          s.policyConflict ? 'the sourcing policy leaves no node the fulfillment operating model allows' : 'the sourcing policy fits the operating model',
          s.nodesWithoutCapacity.length ? `nodes without capacity: ${s.nodesWithoutCapacity.join(', ')}` : 'every node has capacity',
        ].join('; '),
      ),
    ],
  };
}

/** Models that run on a shared platform, and so need the basics to work first. */
export const CENTRAL_MODELS: ReadonlySet<OperatingModel> = new Set(['ORCHESTRATE', 'FEDERATE']);

/** The rule a recommendation of a central model fires for a brand that is not ready; null otherwise (or when readiness is unknown). */
export function readinessGate(model: OperatingModel, readiness: Readiness | null): { code: GateRuleCode; description: string } | null {
  if (!CENTRAL_MODELS.has(model) || !readiness || readiness.ready) return null;
  const failing = readiness.reasons.filter((r) => !r.met).map((r) => r.description);
  return fired(
    'BASICS_NOT_READY',
    `Not ready to orchestrate (readiness ${readiness.score}): ${failing.join('; ')}. A platform would automate the confusion faster; proposing ${model} needs evidence until the basics work.`,
  );
}
