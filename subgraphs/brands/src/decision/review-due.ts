/**
 * When an approved operating-model decision must be reviewed: the end of the quarter after the one
 * it was approved in (UTC) — so never more than two quarters, and always at a quarter's close,
 * when portfolio reviews happen. Approved on 2026-11-21 (Q4) → due 2027-03-31T23:59:59.999Z.
 */
export function reviewDueFor(approvedAt: Date): Date {
  const quarter = Math.floor(approvedAt.getUTCMonth() / 3);
  // The first month after the next quarter, day 0 = the last day of the next quarter.
  const firstMonthAfterNext = (quarter + 2) * 3;
  return new Date(Date.UTC(approvedAt.getUTCFullYear(), firstMonthAfterNext, 1) - 1);
}

/** A decision in effect whose review date has passed is overdue; a proposal or a past decision never is. */
export function isReviewOverdue(decision: { status: string; reviewDueAt: Date | null }, now: Date): boolean {
  return decision.status === 'APPROVED' && !!decision.reviewDueAt && decision.reviewDueAt < now;
}
