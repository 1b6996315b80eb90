import type { EntityManager, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/**
 * Rows of an entity as one `INSERT … SELECT … FROM jsonb_populate_recordset(NULL::<table>, $1)`:
 * one parameter however many rows, and PostgreSQL converts each value to its column's type. For
 * hot write paths (the ledger append, routing), where TypeORM's INSERT building costs more CPU
 * than the statement. The column list is the properties some row defines (so a column no row
 * sets gets its default); `to` transformers are applied as TypeORM would.
 *
 * `insertAsJsonSql` gives the statement's parts, so a caller can put the INSERT into a larger
 * statement (a CTE) and bind the rows at the parameter number it chooses.
 */
export async function insertAsJson<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const { sql, json } = insertAsJsonSql(manager, target, rows, 1);
  await manager.query(sql, [json]);
}

export function insertAsJsonSql<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly T[],
  parameter: number,
): { sql: string; json: string } {
  const metadata = manager.connection.getMetadata(target);
  const columns = columnsOf(metadata).filter((c) => rows.some((row) => row[c.property] !== undefined));
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const c of columns) {
      const value = row[c.property] as unknown;
      record[c.name] = value === undefined ? null : c.to ? c.to(value) : value;
    }
    return record;
  });
  const table = metadata.tablePath;
  const names = columns.map((c) => quote(c.name)).join(', ');
  return {
    sql: `INSERT INTO ${quote(table)} (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::${quote(table)}, $${parameter}::jsonb)`,
    json: JSON.stringify(records),
  };
}

interface Column {
  property: string;
  name: string;
  to?: (value: unknown) => unknown;
}

const columnCache = new WeakMap<EntityMetadata, Column[]>();

function columnsOf(metadata: EntityMetadata): Column[] {
  let columns = columnCache.get(metadata);
  if (!columns) {
    columns = metadata.columns.map((c) => {
      const transformers = (Array.isArray(c.transformer) ? c.transformer : c.transformer ? [c.transformer] : []) as ValueTransformer[];
      if (c.embeddedMetadata || c.relationMetadata) throw new Error(`insertAsJson: ${metadata.name}.${c.propertyName} is not a plain column`);
      return {
        property: c.propertyName,
        name: c.databaseName,
        to: transformers.length ? (value: unknown) => transformers.reduce((v, t) => t.to(v), value) : undefined,
      };
    });
    columnCache.set(metadata, columns);
  }
  return columns;
}

function quote(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`insertAsJson: unexpected identifier ${identifier}`);
  return `"${identifier}"`;
}
