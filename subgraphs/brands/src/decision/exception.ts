import type { OperatingModel } from './recommend';

/**
 * A decision is an exception when the model it decides differs from the model the assessment
 * recommends; without a decision or without an assessment there is nothing to be an exception to.
 */
export function isExceptionTo(decidedModel: OperatingModel | string | null | undefined, recommendedModel: OperatingModel | null | undefined): boolean {
  return !!decidedModel && !!recommendedModel && decidedModel !== recommendedModel;
}
