/**
 * The vocabulary of order routing, shared by the pure planner (plan-route.ts) and the service that
 * reserves stock. Names of filters and criteria are public API (they appear in RoutingDecision).
 */
export type NodeKind = 'WAREHOUSE' | 'STORE' | 'THREE_PL' | 'DROPSHIP';
export type OperatorType = 'BRAND' | 'PLATFORM' | 'PARTNER';
export type PromiseLevel = 'STANDARD' | 'EXPRESS';

/** Why a node cannot take the order, in the order the filters are applied. */
export type ExclusionFilter =
  | 'INACTIVE'
  | 'OPERATOR_NOT_ALLOWED' // the brand's fulfillment operating model does not allow this operator
  | 'KIND_NOT_ALLOWED' // the brand's sourcing policy does not allow this kind of node
  | 'PARTNER_SUSPENDED'
  | 'PARTNER_EXITED' // the brand's contract with the node's partner has reached its exit date
  | 'MISSES_PROMISE'
  | 'NO_CAPACITY'
  | 'INSUFFICIENT_STOCK';

export const EXCLUSION_FILTERS: readonly ExclusionFilter[] = [
  'INACTIVE',
  'OPERATOR_NOT_ALLOWED',
  'KIND_NOT_ALLOWED',
  'PARTNER_SUSPENDED',
  'PARTNER_EXITED',
  'MISSES_PROMISE',
  'NO_CAPACITY',
  'INSUFFICIENT_STOCK',
];

export type Criterion = 'cost' | 'promiseSlack' | 'margin' | 'stockDepth';
export const CRITERIA: readonly Criterion[] = ['cost', 'promiseSlack', 'margin', 'stockDepth'];
export type Weights = Record<Criterion, number>;

export interface RoutingPolicy {
  allowedKinds: NodeKind[];
  weights: Weights;
  /** Most nodes one order may be split across (1 = never split). */
  maxSplit: number;
  /** Days from order to delivery the brand promises, per level. */
  promiseDays: Record<PromiseLevel, number>;
}

export interface OrderLine {
  skuId: string;
  quantity: number;
  /** List price and unit cost of the SKU, for the margin criterion. */
  price: number;
  unitCost: number;
}

export interface CandidateNode {
  id: string;
  code: string;
  kind: NodeKind;
  operatorType: OperatorType;
  operatorPartnerId: string | null;
  region: string;
  costPerUnit: number;
  handlingDays: number;
  dailyCapacity: number;
  active: boolean;
  /** Units already reserved to ship from this node today. */
  usedToday: number;
  /** Units available to promise per SKU id (on hand − reserved − safety stock, ≥ 0). */
  available: Record<string, number>;
}

export interface RoutingRequest {
  lines: OrderLine[];
  destinationRegion: string;
  promise: PromiseLevel;
  policy: RoutingPolicy;
  /** Operator types the brand's fulfillment operating model allows; null = no decision, all allowed. */
  allowedOperators: OperatorType[] | null;
  suspendedPartnerIds: ReadonlySet<string>;
  /** Partners the brand has exited (a contract under notice past its exit date): their nodes no longer ship the brand's orders. */
  exitedPartnerIds?: ReadonlySet<string>;
  nodes: CandidateNode[];
}

export interface CandidateEvaluation {
  nodeId: string;
  nodeCode: string;
  /** The first filter that excluded the node from a single-node plan, or null if it could ship the whole order. */
  excludedBy: ExclusionFilter | null;
  deliveryDays: number;
  /** Each criterion normalised to 0–1 (1 = best), and the weighted total; null when excluded before scoring. */
  scores: (Record<Criterion, number> & { total: number }) | null;
}

export interface Allocation {
  nodeId: string;
  skuId: string;
  quantity: number;
}

export interface RoutingPlan {
  allocations: Allocation[];
  nodeIds: string[];
  split: boolean;
  /** The longest delivery time of the nodes used, in days. */
  deliveryDays: number;
  score: number;
}

export type RoutingOutcome =
  | { feasible: true; plan: RoutingPlan; candidates: CandidateEvaluation[] }
  | { feasible: false; reason: 'INSUFFICIENT_STOCK' | 'NO_ELIGIBLE_NODE'; candidates: CandidateEvaluation[] };
