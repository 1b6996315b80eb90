/**
 * The sourcing policy's pilot override: while a FULFILLMENT pilot runs, the orders in its scope are
 * routed under the model on trial instead of the brand's decided model — "pilot the boundary, not
 * the entire portfolio". An order is in a pilot's scope when every part of the scope the pilot sets
 * holds: its destination is one of the pilot's regions, its channel one of the pilot's channels,
 * every SKU it orders one of the pilot's SKUs. A pilot that sets no scope at all covers nothing.
 * When several pilots cover an order (planPilot allows one open pilot per brand × capability, so
 * only after a data repair), the one with the lowest id wins, so the choice is stable.
 */
export interface RunningPilot {
  id: string;
  brandId: string;
  capability: string;
  model: string;
  regions: readonly string[];
  channels: readonly string[];
  skuIds: readonly string[];
}

export interface OrderScope {
  destinationRegion: string;
  channel: string | null;
  skuIds: readonly string[];
}

export function covers(pilot: RunningPilot, order: OrderScope): boolean {
  if (pilot.regions.length === 0 && pilot.channels.length === 0 && pilot.skuIds.length === 0) return false;
  if (pilot.regions.length > 0 && !pilot.regions.includes(order.destinationRegion)) return false;
  if (pilot.channels.length > 0 && (order.channel === null || !pilot.channels.includes(order.channel))) return false;
  if (pilot.skuIds.length > 0 && !order.skuIds.every((s) => pilot.skuIds.includes(s))) return false;
  return true;
}

export function pilotOverride(pilots: readonly RunningPilot[], brandId: string, order: OrderScope): RunningPilot | null {
  return (
    pilots
      .filter((p) => p.brandId === brandId && p.capability === 'FULFILLMENT' && covers(p, order))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0] ?? null
  );
}
