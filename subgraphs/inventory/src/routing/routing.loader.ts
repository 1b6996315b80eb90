import { In, type DataSource } from 'typeorm';
import { batchByArgs, byKey, groupedByKey, groupLoader, rowLoader } from '../../../../shared/src/loader';
import { ReservationEntity, RoutingDecisionEntity, SourcingPolicyEntity } from './routing.entities';

/** Sourcing policies, routing decisions, their reservations and node usage; fresh for every request. */
export function createRoutingLoaders(dataSource: DataSource) {
  const decisions = dataSource.getRepository(RoutingDecisionEntity);
  return {
    policyByBrand: rowLoader((ids: readonly string[]) => dataSource.getRepository(SourcingPolicyEntity).findBy({ brandId: In([...ids]) }), (p) => p.brandId),
    decisionById: rowLoader((ids: readonly string[]) => decisions.findBy({ id: In([...ids]) }), (d) => d.id),
    reservationsByDecision: groupLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(ReservationEntity).find({ where: { routingDecisionId: In([...ids]) }, order: { skuId: 'ASC', nodeId: 'ASC' } }),
      (r) => r.routingDecisionId,
    ),
    /** The newest routing decisions of each brand (up to `first`), in one statement for all brands asking the same `first`. */
    decisionsByBrand: batchByArgs(
      async (brandIds, { first }: { first: number }) => {
        const rows: { brand_id: string; id: string }[] = await dataSource.query(
          `SELECT b.brand_id, d.id FROM unnest($1::uuid[]) AS b(brand_id)
             CROSS JOIN LATERAL (SELECT id FROM routing_decision d WHERE d.brand_id = b.brand_id ORDER BY decided_at DESC, id LIMIT $2) d`,
          [[...brandIds], first],
        );
        const found = byKey(rows.map((r) => r.id), await decisions.findBy({ id: In(rows.map((r) => r.id)) }), (d) => d.id);
        const newest = rows.map((r, i) => ({ brandId: r.brand_id, decision: found[i]! }));
        return groupedByKey(brandIds, newest, (r) => r.brandId).map((group) => group.map((r) => r.decision));
      },
      (k: { brandId: string; first: number }) => ({ id: k.brandId, args: { first: k.first } }),
    ),
    /**
     * Units reserved per node on a day, in one statement per day asked: every brand's for a
     * portfolio-wide caller, only the caller's brands' otherwise (a node serves several brands, and
     * one brand's volume is not another's business).
     */
    usageByNodeDay: batchByArgs(
      async (nodeIds, { day, brandIds }: { day: string; brandIds: '*' | string[] }) => {
        const rows: { node_id: string; units: number }[] =
          brandIds === '*'
            ? await dataSource.query('SELECT node_id, units FROM node_daily_usage WHERE day = $2::date AND node_id = ANY($1::uuid[])', [[...nodeIds], day])
            : await dataSource.query(
                `SELECT node_id, sum(quantity)::int AS units FROM reservation
                  WHERE node_id = ANY($1::uuid[]) AND brand_id = ANY($3::uuid[]) AND status IN ('ACTIVE', 'COMMITTED')
                    AND created_at >= $2::date AND created_at < $2::date + 1
                  GROUP BY node_id`,
                [[...nodeIds], day, brandIds],
              );
        return byKey(nodeIds, rows, (r) => r.node_id).map((r) => r?.units ?? 0);
      },
      (k: { nodeId: string; day: string; brandIds: '*' | string[] }) => ({ id: k.nodeId, args: { day: k.day, brandIds: k.brandIds } }),
    ),
  };
}
