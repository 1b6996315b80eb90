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
    /** Units reserved per node on a day, in one statement per day asked. */
    usageByNodeDay: batchByArgs(
      async (nodeIds, { day }: { day: string }) => {
        const rows: { node_id: string; units: number }[] = await dataSource.query(
          'SELECT node_id, units FROM node_daily_usage WHERE day = $2::date AND node_id = ANY($1::uuid[])',
          [[...nodeIds], day],
        );
        return byKey(nodeIds, rows, (r) => r.node_id).map((r) => r?.units ?? 0);
      },
      (k: { nodeId: string; day: string }) => ({ id: k.nodeId, args: { day: k.day } }),
    ),
  };
}
