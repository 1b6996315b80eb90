import { utcDay } from './delivery-date';

interface Closable {
  skuId: string;
  nodeId: string;
  quantity: number;
  createdAt: Date;
}

/**
 * The order in which closing reservations touches rows, the order every writer of stock keeps:
 * stock positions by (SKU, node) — as routing locks them — then node usage by (day, node), then
 * (the caller) the ledger. Two writers that each keep it wait for one another instead of
 * deadlocking, however their reservations overlap.
 */
export function closingOrder<R extends Closable>(reservations: readonly R[]): { positions: R[]; usageDays: { day: string; reservations: R[] }[] } {
  const positions = [...reservations].sort((a, b) => a.skuId.localeCompare(b.skuId) || a.nodeId.localeCompare(b.nodeId));
  const byDay = new Map<string, R[]>();
  for (const r of reservations) {
    const day = utcDay(r.createdAt);
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  const usageDays = [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => ({ day, reservations: list }));
  return { positions, usageDays };
}
