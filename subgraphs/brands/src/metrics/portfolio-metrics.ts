/**
 * The portfolio's metrics per brand and month, as pure rules (docs/lifecycle.md, "Portfolio
 * metrics"; tested in portfolio-metrics.test.ts). Each subgraph answers for what it owns; these are
 * the brands subgraph's parts and the two figures that combine the others'.
 *
 *   decisions overdue             decisions in effect past their review + rollout phases past their due date (now)
 *   time from proposal to approval  mean days from proposedAt to decidedAt of the decisions approved in the month
 *   pilots run                    pilots concluded in the month (SUCCEEDED, FAILED or ABANDONED)
 *   pilot success rate            SUCCEEDED / (SUCCEEDED + FAILED) of those; null when none was judged
 *   exception volume              exceptions proposed (portfolio ledger) + orders rerouted or flagged
 *                                 (inventory ledger) + breaches opened (partner ledger), in the month
 *   inventory accuracy            min(stock count accuracy, partners' reported INVENTORY_ACCURACY)
 */
const DAY = 86_400_000;

export function meanDays(intervals: readonly { from: Date; to: Date }[]): number | null {
  if (intervals.length === 0) return null;
  const total = intervals.reduce((s, i) => s + (i.to.getTime() - i.from.getTime()), 0);
  return Math.round((total / intervals.length / DAY) * 10) / 10;
}

export function pilotSuccessRate(outcomes: readonly string[]): number | null {
  const succeeded = outcomes.filter((o) => o === 'SUCCEEDED').length;
  const judged = succeeded + outcomes.filter((o) => o === 'FAILED').length;
  return judged === 0 ? null : Math.round((succeeded / judged) * 10_000) / 10_000;
}

export function exceptionVolume(parts: { exceptionDecisions: number; orderExceptions: number; breachesOpened: number }): number {
  return parts.exceptionDecisions + parts.orderExceptions + parts.breachesOpened;
}

export function inventoryAccuracy(stockCountAccuracy: number, partnerInventoryAccuracy: number | null): number {
  return Math.min(stockCountAccuracy, partnerInventoryAccuracy ?? 1);
}
