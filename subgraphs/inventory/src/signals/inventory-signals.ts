/**
 * The inventory facts orchestration readiness is judged on (docs/lifecycle.md, "Orchestration
 * readiness"), as pure rules:
 *
 *   stock count accuracy = 1 − Σ|corrections of on hand (stock.adjust) in the last 30 days| / units on hand,
 *                          at least 0; 1 when nothing is on hand
 *   a position is stale  when on hand was last confirmed (counted, corrected or shipped) more than
 *                        STALE_AFTER_HOURS ago
 *   a node lacks capacity when it is active with no daily capacity, or inactive while it still holds
 *                        the brand's stock
 */
export const STALE_AFTER_HOURS = 168;
export const ADJUSTMENT_WINDOW_DAYS = 30;

export function stockCountAccuracy(adjustedUnits: number, onHandUnits: number): number {
  if (onHandUnits <= 0) return 1;
  return Math.round(Math.max(0, 1 - adjustedUnits / onHandUnits) * 10_000) / 10_000;
}

export function positionFreshness(confirmedAt: readonly Date[], now: Date): { positions: number; stalePositions: number; oldestPositionHours: number | null } {
  const ages = confirmedAt.map((d) => (now.getTime() - d.getTime()) / 3_600_000);
  return {
    positions: ages.length,
    stalePositions: ages.filter((h) => h > STALE_AFTER_HOURS).length,
    oldestPositionHours: ages.length ? Math.round(Math.max(...ages) * 10) / 10 : null,
  };
}

export function lacksCapacity(node: { active: boolean; dailyCapacity: number }, brandUnitsOnHand: number): boolean {
  return node.active ? node.dailyCapacity <= 0 : brandUnitsOnHand > 0;
}
