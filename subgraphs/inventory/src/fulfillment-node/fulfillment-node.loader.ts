import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { preparedQuery } from '../../../../shared/src/db/prepared-query';
import { groupedByKey, rowLoader } from '../../../../shared/src/loader';
import { FulfillmentNodeEntity } from './fulfillment-node.entity';

/** Fulfillment nodes by id and by the brands they serve; fresh for every request. */
export function createNodeLoaders(dataSource: DataSource) {
  // Raw SQL with exactly the entity's columns: every stock position of a page resolves its node.
  const byId = rowLoader(
    async (ids: readonly string[]) =>
      (await preparedQuery<NodeRow>(dataSource, 'inventory.nodes-by-id', `SELECT ${NODE_COLUMNS} FROM fulfillment_node WHERE id = ANY($1::uuid[])`, [[...ids]])).map(nodeOf),
    (n) => n.id,
  );
  return {
    byId,
    /**
     * Nodes a brand runs or that hold its stock, by code: one statement that brings the nodes
     * themselves (and primes `byId` with them), so the count never depends on whether the stock
     * statement, which primes the same loader, happened to answer first.
     */
    byBrand: new DataLoader<string, FulfillmentNodeEntity[]>(async (brandIds) => {
      const rows = await preparedQuery<Record<string, unknown> & { brand_id: string }>(
        dataSource,
        'inventory.nodes-by-brand',
        `SELECT DISTINCT b.brand_id, ${joinedNodeColumns('n')}
           FROM unnest($1::uuid[]) AS b(brand_id)
           JOIN fulfillment_node n
             ON n.operator_brand_id = b.brand_id
             OR EXISTS (SELECT 1 FROM stock_position sp JOIN sku s ON s.id = sp.sku_id
                         WHERE sp.node_id = n.id AND s.brand_id = b.brand_id)
          ORDER BY n.code`,
        [[...brandIds]],
      );
      const nodes = new Map<string, FulfillmentNodeEntity>();
      for (const row of rows) {
        const id = row.n_id as string;
        if (!nodes.has(id)) {
          nodes.set(id, nodeOfJoined(row));
          byId.prime(id, nodes.get(id)!);
        }
      }
      return groupedByKey(brandIds, rows, (r) => r.brand_id).map((group) => group.map((r) => nodes.get(r.n_id as string)!));
    }),
  };
}

const NODE_COLUMN_NAMES = ['id', 'code', 'name', 'kind', 'region', 'operator_type', 'operator_brand_id', 'operator_partner_id', 'cost_per_unit', 'handling_days', 'daily_capacity', 'active'] as const;
const NODE_COLUMNS = NODE_COLUMN_NAMES.join(', ');

/** The node columns of a statement that joins `fulfillment_node` as `alias`, each named `n_<column>`. */
export function joinedNodeColumns(alias: string): string {
  return NODE_COLUMN_NAMES.map((c) => `${alias}.${c} AS n_${c}`).join(', ');
}

/** The node of a row selected with `nodeColumnsAs(…, 'n_')`. */
export function nodeOfJoined(r: Record<string, unknown>): FulfillmentNodeEntity {
  return nodeOf({
    id: r.n_id,
    code: r.n_code,
    name: r.n_name,
    kind: r.n_kind,
    region: r.n_region,
    operator_type: r.n_operator_type,
    operator_brand_id: r.n_operator_brand_id,
    operator_partner_id: r.n_operator_partner_id,
    cost_per_unit: r.n_cost_per_unit,
    handling_days: r.n_handling_days,
    daily_capacity: r.n_daily_capacity,
    active: r.n_active,
  } as NodeRow);
}

interface NodeRow {
  id: string;
  code: string;
  name: string;
  kind: FulfillmentNodeEntity['kind'];
  region: string;
  operator_type: FulfillmentNodeEntity['operatorType'];
  operator_brand_id: string | null;
  operator_partner_id: string | null;
  cost_per_unit: string;
  handling_days: number;
  daily_capacity: number;
  active: boolean;
}

function nodeOf(r: NodeRow): FulfillmentNodeEntity {
  return Object.assign(new FulfillmentNodeEntity(), {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    region: r.region,
    operatorType: r.operator_type,
    operatorBrandId: r.operator_brand_id,
    operatorPartnerId: r.operator_partner_id,
    costPerUnit: Number(r.cost_per_unit),
    handlingDays: r.handling_days,
    dailyCapacity: r.daily_capacity,
    active: r.active,
  });
}
