import type { DataSource } from 'typeorm';

/**
 * `brandsOf` for an entity whose table carries its brand in one column: the brand of the row with
 * that id, or null when there is none. (Names come from the subgraph's own definition, never from
 * input.)
 */
export function brandColumn(table: string, column = 'brand_id'): (dataSource: DataSource, id: string) => Promise<string[] | null> {
  return async (dataSource, id) => {
    const rows: { brand_id: string }[] = await dataSource.query(`SELECT ${column} AS brand_id FROM ${table} WHERE id = $1`, [id]);
    return rows.length === 0 ? null : rows.map((r) => r.brand_id).filter((b) => b !== null);
  };
}
