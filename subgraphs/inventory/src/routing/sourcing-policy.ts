import type { NodeKind, OperatorType, RoutingPolicy } from './routing.model';
import type { SourcingPolicyEntity } from './routing.entities';

/** The policy of a brand that has not set one: every kind of node, equal weights, split across two. */
export const DEFAULT_POLICY: RoutingPolicy = {
  allowedKinds: ['WAREHOUSE', 'STORE', 'THREE_PL', 'DROPSHIP'],
  weights: { cost: 1, promiseSlack: 1, margin: 1, stockDepth: 1 },
  maxSplit: 2,
  promiseDays: { STANDARD: 5, EXPRESS: 2 },
};

export function toRoutingPolicy(entity: SourcingPolicyEntity | null): RoutingPolicy {
  if (!entity) return DEFAULT_POLICY;
  return {
    allowedKinds: entity.allowedKinds,
    weights: { cost: entity.weightCost, promiseSlack: entity.weightPromiseSlack, margin: entity.weightMargin, stockDepth: entity.weightStockDepth },
    maxSplit: entity.maxSplit,
    promiseDays: { STANDARD: entity.standardPromiseDays, EXPRESS: entity.expressPromiseDays },
  };
}

/**
 * How a brand's FULFILLMENT operating model (decided in the brands subgraph) limits where its orders
 * may ship from — the sourcing policy can narrow this further but never widen it:
 *
 *   OPERATE      the brand's own nodes             ORCHESTRATE  the shared platform's nodes
 *   FEDERATE     platform and brand nodes          PARTNER      partner-run nodes
 *
 * No decision (null) leaves the choice to the sourcing policy alone.
 */
export function operatorsAllowedBy(fulfillmentModel: string | null): OperatorType[] | null {
  switch (fulfillmentModel) {
    case 'OPERATE':
      return ['BRAND'];
    case 'ORCHESTRATE':
      return ['PLATFORM'];
    case 'FEDERATE':
      return ['PLATFORM', 'BRAND'];
    case 'PARTNER':
      return ['PARTNER'];
    default:
      return null;
  }
}

/**
 * Whether a policy allowing `kinds` leaves the brand any node to ship from, among its active
 * `network`, under the operators its operating model allows (null: any operator).
 */
export function leavesARoutableNode(
  network: readonly { kind: NodeKind; operatorType: OperatorType }[],
  kinds: readonly NodeKind[],
  operators: readonly OperatorType[] | null,
): boolean {
  return network.some((n) => kinds.includes(n.kind) && (!operators || operators.includes(n.operatorType)));
}
