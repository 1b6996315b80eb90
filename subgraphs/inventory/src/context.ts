import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../../shared/src/graphql/cursor';
import { groupedByKey, groupLoader, rowLoader } from '../../../shared/src/loader';
import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import { FulfillmentNodeEntity } from './fulfillment-node/fulfillment-node.entity';
import { SkuEntity } from './sku/sku.entity';
import type { SkuConnection } from './sku/sku.type';
import { StockPositionEntity } from './stock/stock-position.entity';
import { ReservationEntity, RoutingDecisionEntity, SourcingPolicyEntity } from './routing/routing.entities';
import type { RoutingServices } from './routing/routing.service';

export interface SkuPageKey {
  brandId: string;
  first: number;
  after: string | null;
}

const SKU_CURSOR = 'sku';

/** One set per request: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource) {
  const nodes = dataSource.getRepository(FulfillmentNodeEntity);
  const skus = dataSource.getRepository(SkuEntity);
  const stock = dataSource.getRepository(StockPositionEntity);

  const nodeById = rowLoader((ids: readonly string[]) => nodes.findBy({ id: In([...ids]) }), (n) => n.id);

  return {
    nodeById,
    skuById: rowLoader((ids: readonly string[]) => skus.findBy({ id: In([...ids]) }), (s) => s.id),
    skuByCode: rowLoader((codes: readonly string[]) => skus.findBy({ code: In([...codes]) }), (s) => s.code),

    /** Positions of each SKU, by node code (one statement for any number of SKUs). */
    stockBySku: groupLoader(
      (skuIds: readonly string[]) =>
        stock
          .createQueryBuilder('sp')
          .innerJoin(FulfillmentNodeEntity, 'n', 'n.id = sp.node_id')
          .where('sp.sku_id = ANY(:skuIds)', { skuIds: [...skuIds] })
          .orderBy('n.code')
          .getMany(),
      (p) => p.skuId,
    ),

    /**
     * A page of SKUs for each brand. Pages asking for the same `first`/`after` are fetched in one
     * statement for all brands (a window per brand), so `brands { skus }` costs one query.
     */
    skuPageByBrand: new DataLoader<SkuPageKey, SkuConnection, string>(
      async (keys) => {
        const byArgs = new Map<string, SkuPageKey[]>();
        for (const key of keys) {
          const group = `${key.first}|${key.after ?? ''}`;
          byArgs.set(group, [...(byArgs.get(group) ?? []), key]);
        }
        const pages = new Map<string, SkuConnection>();
        for (const group of byArgs.values()) {
          const { first, after } = group[0]!;
          const afterCode = after === null ? null : decodeCursor(SKU_CURSOR, after);
          const brandIds = group.map((k) => k.brandId);
          const rows: (SkuEntity & { total: number })[] = (
            await dataSource.query(
              `SELECT id, brand_id, code, name, price, unit_cost, total FROM (
                 SELECT s.*, row_number() OVER (PARTITION BY s.brand_id ORDER BY s.code) AS rn,
                        (SELECT count(*) FROM sku t WHERE t.brand_id = s.brand_id)::int AS total
                   FROM sku s
                  WHERE s.brand_id = ANY($1) AND ($2::text IS NULL OR s.code > $2)
               ) page WHERE rn <= $3 ORDER BY brand_id, code`,
              [brandIds, afterCode, first + 1],
            )
          ).map((r: Record<string, unknown>) => ({
            id: r.id, brandId: r.brand_id, code: r.code, name: r.name,
            price: Number(r.price), unitCost: Number(r.unit_cost), total: r.total,
          }));
          const grouped = groupedByKey(brandIds, rows, (r) => r.brandId);
          group.forEach((key, i) => {
            const brandRows = grouped[i]!;
            const pageRows = brandRows.slice(0, first);
            const edges = pageRows.map(({ total: _t, ...sku }) => ({ cursor: encodeCursor(SKU_CURSOR, sku.code), node: sku }));
            pages.set(cacheKey(key), {
              edges,
              nodes: edges.map((e) => e.node),
              pageInfo: { hasNextPage: brandRows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
              totalCount: brandRows[0]?.total ?? 0,
            });
          });
        }
        return keys.map((k) => pages.get(cacheKey(k))!);
      },
      { cacheKeyFn: cacheKey },
    ),

    policyByBrand: rowLoader((ids: readonly string[]) => dataSource.getRepository(SourcingPolicyEntity).findBy({ brandId: In([...ids]) }), (p) => p.brandId),
    routingDecisionById: rowLoader((ids: readonly string[]) => dataSource.getRepository(RoutingDecisionEntity).findBy({ id: In([...ids]) }), (d) => d.id),
    reservationsByDecision: groupLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(ReservationEntity).find({ where: { routingDecisionId: In([...ids]) }, order: { skuId: 'ASC', nodeId: 'ASC' } }),
      (r) => r.routingDecisionId,
    ),
    /** The newest routing decisions of each brand (up to `first`), in one statement for all brands. */
    routingDecisionsByBrand: new DataLoader<{ brandId: string; first: number }, RoutingDecisionEntity[], string>(
      async (keys) => {
        const first = Math.max(...keys.map((k) => k.first));
        const rows: { brand_id: string; id: string }[] = await dataSource.query(
          `SELECT b.brand_id, d.id FROM unnest($1::uuid[]) AS b(brand_id)
             CROSS JOIN LATERAL (SELECT id FROM routing_decision d WHERE d.brand_id = b.brand_id ORDER BY decided_at DESC, id LIMIT $2) d`,
          [[...new Set(keys.map((k) => k.brandId))], first],
        );
        const decisions = await dataSource.getRepository(RoutingDecisionEntity).findBy({ id: In(rows.map((r) => r.id)) });
        const byId = new Map(decisions.map((d) => [d.id, d]));
        return keys.map((k) =>
          rows
            .filter((r) => r.brand_id === k.brandId)
            .slice(0, k.first)
            .map((r) => byId.get(r.id)!),
        );
      },
      { cacheKeyFn: (k) => `${k.brandId}|${k.first}` },
    ),
    /** Units reserved per node on a day. */
    usageByNodeDay: new DataLoader<{ nodeId: string; day: string }, number, string>(
      async (keys) => {
        const rows: { node_id: string; day: string; units: number }[] = await dataSource.query(
          `SELECT node_id, to_char(day, 'YYYY-MM-DD') AS day, units FROM node_daily_usage WHERE (node_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[]))`,
          [keys.map((k) => k.nodeId), keys.map((k) => k.day)],
        );
        return keys.map((k) => rows.find((r) => r.node_id === k.nodeId && r.day === k.day)?.units ?? 0);
      },
      { cacheKeyFn: (k) => `${k.nodeId}|${k.day}` },
    ),

    /** Nodes a brand runs or that hold its stock, by code. */
    nodesByBrand: new DataLoader<string, FulfillmentNodeEntity[]>(async (brandIds) => {
      const pairs: { brand_id: string; node_id: string }[] = await dataSource.query(
        `SELECT DISTINCT b.brand_id, n.id AS node_id, n.code
           FROM unnest($1::uuid[]) AS b(brand_id)
           JOIN fulfillment_node n
             ON n.operator_brand_id = b.brand_id
             OR EXISTS (SELECT 1 FROM stock_position sp JOIN sku s ON s.id = sp.sku_id
                         WHERE sp.node_id = n.id AND s.brand_id = b.brand_id)
          ORDER BY n.code`,
        [[...brandIds]],
      );
      const found = await nodeById.loadMany([...new Set(pairs.map((p) => p.node_id))]);
      const byId = new Map(found.filter((n): n is FulfillmentNodeEntity => n instanceof FulfillmentNodeEntity).map((n) => [n.id, n]));
      return groupedByKey(brandIds, pairs, (p) => p.brand_id).map((group) => group.map((p) => byId.get(p.node_id)!));
    }),
  };
}

function cacheKey(key: SkuPageKey): string {
  return `${key.brandId}|${key.first}|${key.after ?? ''}`;
}

export type InventoryLoaders = ReturnType<typeof createLoaders>;
export type InventoryContext = SubgraphContext<InventoryLoaders, RoutingServices>;
