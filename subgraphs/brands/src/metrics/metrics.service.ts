import type { DataSource } from 'typeorm';
import type { Period } from '../../../../shared/src/graphql/period';
import { meanDays, pilotSuccessRate } from './portfolio-metrics';
import type { BrandMetrics } from './metrics.type';

export type OwnMetrics = Omit<BrandMetrics, 'orderExceptions' | 'breachesOpened' | 'stockCountAccuracy' | 'partnerInventoryAccuracy'>;

/** The brands subgraph's part of the metrics of several brands for one month, in a fixed number of statements. */
export async function loadOwnMetrics(dataSource: DataSource, brandIds: readonly string[], period: Period, now = new Date()): Promise<OwnMetrics[]> {
  const ids = [...brandIds];
  const [reviews, phases, approved, pilots, exceptions]: [
    { brand_id: string; n: number }[],
    { brand_id: string; n: number }[],
    { brand_id: string; proposed_at: Date; decided_at: Date }[],
    { brand_id: string; status: string }[],
    { brand_id: string; n: number }[],
  ] = await Promise.all([
    dataSource.query(
      `SELECT brand_id, count(*)::int AS n FROM operating_model_decision WHERE brand_id = ANY($1::uuid[]) AND status = 'APPROVED' AND review_due_at < $2 GROUP BY brand_id`,
      [ids, now],
    ),
    dataSource.query(
      `SELECT r.brand_id, count(*)::int AS n FROM rollout_phase p JOIN rollout r ON r.id = p.rollout_id
        WHERE r.brand_id = ANY($1::uuid[]) AND r.status = 'IN_PROGRESS' AND p.completed_at IS NULL AND p.due_at < $2 GROUP BY r.brand_id`,
      [ids, now],
    ),
    dataSource.query(
      `SELECT brand_id, proposed_at, decided_at FROM operating_model_decision
        WHERE brand_id = ANY($1::uuid[]) AND status IN ('APPROVED', 'SUPERSEDED') AND decided_at >= $2 AND decided_at < $3`,
      [ids, period.start, period.end],
    ),
    dataSource.query(
      `SELECT brand_id, status FROM pilot WHERE brand_id = ANY($1::uuid[]) AND concluded_at >= $2 AND concluded_at < $3`,
      [ids, period.start, period.end],
    ),
    dataSource.query(
      `SELECT brand_id, count(*)::int AS n FROM ledger_entry
        WHERE brand_id = ANY($1::uuid[]) AND action = 'decision.propose' AND (after->>'isException')::boolean AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY brand_id`,
      [ids, period.start, period.end],
    ),
  ]);
  const count = (rows: { brand_id: string; n: number }[], brandId: string) => rows.find((r) => r.brand_id === brandId)?.n ?? 0;
  return ids.map((brandId) => {
    const reviewsOverdue = count(reviews, brandId);
    const rolloutPhasesOverdue = count(phases, brandId);
    const approvals = approved.filter((d) => d.brand_id === brandId);
    const outcomes = pilots.filter((p) => p.brand_id === brandId).map((p) => p.status);
    return {
      brandId,
      period: period.period,
      reviewsOverdue,
      rolloutPhasesOverdue,
      decisionsOverdue: reviewsOverdue + rolloutPhasesOverdue,
      decisionsApproved: approvals.length,
      meanDaysProposalToApproval: meanDays(approvals.map((d) => ({ from: d.proposed_at, to: d.decided_at }))),
      pilotsRun: outcomes.length,
      pilotsSucceeded: outcomes.filter((o) => o === 'SUCCEEDED').length,
      pilotSuccessRate: pilotSuccessRate(outcomes),
      exceptionDecisions: count(exceptions, brandId),
    };
  });
}
