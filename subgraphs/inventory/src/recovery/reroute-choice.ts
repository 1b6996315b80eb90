import type { Allocation } from '../routing/routing.model';

/**
 * Service recovery as pure rules (docs/lifecycle.md, "Service recovery"; tested in
 * reroute-choice.test.ts): which nodes can no longer serve a brand's orders, which reservations of
 * an order move and which stay, how many more nodes the moved lines may be split across, and the
 * order's plan after the move.
 */

/** Why a node can no longer ship a brand's orders, in the order the planner's filters name them. */
export type Unavailability = 'INACTIVE' | 'PARTNER_SUSPENDED' | 'PARTNER_EXITED';

export function unavailability(
  node: { active: boolean; operatorPartnerId: string | null },
  suspendedPartnerIds: ReadonlySet<string>,
  exitedPartnerIds: ReadonlySet<string>,
): Unavailability | null {
  if (!node.active) return 'INACTIVE';
  if (node.operatorPartnerId !== null && suspendedPartnerIds.has(node.operatorPartnerId)) return 'PARTNER_SUSPENDED';
  if (node.operatorPartnerId !== null && exitedPartnerIds.has(node.operatorPartnerId)) return 'PARTNER_EXITED';
  return null;
}

export interface HeldReservation {
  id: string;
  nodeId: string;
  skuId: string;
  quantity: number;
  /** ACTIVE reservations can move; COMMITTED ones have shipped and stay with the order. */
  status: 'ACTIVE' | 'COMMITTED';
}

export interface RerouteScope {
  /** ACTIVE reservations on the nodes the order moves off: released (REROUTED), their units re-planned. */
  moving: HeldReservation[];
  /** Everything else the order still holds or shipped: stays where it is, and moves to the new decision. */
  keeping: HeldReservation[];
  /** The moved units per SKU, in the order of first appearance. */
  lines: { skuId: string; quantity: number }[];
  /** How many nodes the moved lines may use: the policy's maxSplit less the nodes the order keeps (at least 1). */
  maxSplit: number;
}

/**
 * What moves when an order leaves `moveOff`: its ACTIVE reservations there. Null when none does —
 * there is nothing to reroute. The order as a whole stays within the policy: the new nodes and the
 * ones it keeps are together at most `maxSplit` (at least one new node is always allowed, so a
 * single-node order can always move to one other node).
 */
export function rerouteScope(reservations: readonly HeldReservation[], moveOff: ReadonlySet<string>, maxSplit: number): RerouteScope | null {
  const moving = reservations.filter((r) => r.status === 'ACTIVE' && moveOff.has(r.nodeId));
  if (moving.length === 0) return null;
  const keeping = reservations.filter((r) => !moving.includes(r));
  const lines: { skuId: string; quantity: number }[] = [];
  for (const r of moving) {
    const line = lines.find((l) => l.skuId === r.skuId);
    if (line) line.quantity += r.quantity;
    else lines.push({ skuId: r.skuId, quantity: r.quantity });
  }
  const keptNodes = new Set(keeping.map((r) => r.nodeId)).size;
  return { moving, keeping, lines, maxSplit: Math.max(1, maxSplit - keptNodes) };
}

/**
 * The order's plan after a reroute: what it keeps plus the new allocations, one allocation per
 * node × SKU (units added up), ordered by node code, then SKU id.
 */
export function mergedPlan(keeping: readonly HeldReservation[], added: readonly Allocation[], codeOf: (nodeId: string) => string): Allocation[] {
  const merged = new Map<string, Allocation>();
  for (const a of [...keeping.map(({ nodeId, skuId, quantity }) => ({ nodeId, skuId, quantity })), ...added]) {
    const key = `${a.nodeId}|${a.skuId}`;
    const found = merged.get(key);
    if (found) found.quantity += a.quantity;
    else merged.set(key, { ...a });
  }
  return [...merged.values()].sort((a, b) => codeOf(a.nodeId).localeCompare(codeOf(b.nodeId)) || a.skuId.localeCompare(b.skuId));
}
