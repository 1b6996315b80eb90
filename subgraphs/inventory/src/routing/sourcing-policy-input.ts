import { badInput } from '../../../../shared/src/errors';
import type { NodeKind, Weights } from './routing.model';

export interface SourcingPolicyInput {
  brand: string;
  allowedKinds: NodeKind[];
  weights: Weights;
  maxSplit: number;
  defaultPromiseDays: number;
  expressPromiseDays?: number | null;
  reason: string;
}

export interface CheckedSourcingPolicy {
  allowedKinds: NodeKind[];
  weights: Weights;
  maxSplit: number;
  standardPromiseDays: number;
  expressPromiseDays: number;
}

/**
 * The policy a brand asks for, checked: at least one kind of node (each once), weights from 0 to
 * 100 with at least one above 0, a split across 1 to 4 nodes, a standard promise of 1 to 30 days
 * and an express one from 1 day to the standard one (default 2, or the standard if lower).
 */
export function checkSourcingPolicyInput(input: Omit<SourcingPolicyInput, 'brand' | 'reason'>): CheckedSourcingPolicy {
  const allowedKinds = [...new Set(input.allowedKinds)];
  if (allowedKinds.length === 0) throw badInput('allowedKinds', 'allow at least one kind of node.');
  for (const [name, value] of Object.entries(input.weights)) {
    if (!Number.isFinite(value) || value < 0 || value > 100) throw badInput(`weights.${name}`, 'must be a number from 0 to 100.');
  }
  if (Object.values(input.weights).every((w) => w === 0)) throw badInput('weights', 'at least one weight must be above 0.');
  if (!Number.isInteger(input.maxSplit) || input.maxSplit < 1 || input.maxSplit > 4) throw badInput('maxSplit', 'must be 1 to 4 nodes.');
  if (!Number.isInteger(input.defaultPromiseDays) || input.defaultPromiseDays < 1 || input.defaultPromiseDays > 30) {
    throw badInput('defaultPromiseDays', 'must be 1 to 30 days.');
  }
  const express = input.expressPromiseDays ?? Math.min(2, input.defaultPromiseDays);
  if (!Number.isInteger(express) || express < 1 || express > input.defaultPromiseDays) {
    throw badInput('expressPromiseDays', 'must be at least 1 and no more than defaultPromiseDays.');
  }
  const { cost, promiseSlack, margin, stockDepth } = input.weights;
  return { allowedKinds, weights: { cost, promiseSlack, margin, stockDepth }, maxSplit: input.maxSplit, standardPromiseDays: input.defaultPromiseDays, expressPromiseDays: express };
}
