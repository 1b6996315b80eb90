import { parse, validate, type GraphQLSchema } from 'graphql';
import type { EntityManager } from 'typeorm';
import { schemaCoordinates, usesCoordinate } from '../usage/operation-analysis';
import type { BreakingChange, ChangeUsage, RegisteredOperationRef } from './api';

/** Breaking changes whose users usage can see: fields, arguments, types, input fields and enum values used in operations. */
const TRACED = new Set([
  'FIELD_REMOVED',
  'FIELD_CHANGED_KIND',
  'TYPE_REMOVED',
  'TYPE_CHANGED_KIND',
  'ARG_REMOVED',
  'ARG_CHANGED_KIND',
  'REQUIRED_ARG_ADDED',
  'REQUIRED_INPUT_FIELD_ADDED',
  'VALUE_REMOVED_FROM_ENUM',
]);

export interface UsageJudgement {
  days: number;
  strict: boolean;
}

/**
 * Usage-aware checks: for each breaking change, the client apps' operations that used its
 * coordinate in the last `days` (from the gateways' usage records) and the registered operations
 * it breaks (each validated against the proposed API schema). A change blocks when anyone used it,
 * a registered operation needs it, usage cannot see who relies on it (unions, interfaces,
 * directives), or `strict`; otherwise it is reported, not blocking. Registered operations that
 * break but that no listed change accounts for are returned apart (they block too).
 */
export async function judgeByUsage(
  manager: EntityManager,
  schemas: { live: GraphQLSchema; proposed: GraphQLSchema },
  breaking: readonly BreakingChange[],
  judgement: UsageJudgement,
): Promise<{ breaking: BreakingChange[]; brokenOperations: RegisteredOperationRef[] }> {
  const broken = await brokenRegisteredOperations(manager, schemas);
  const used = await usageOf(manager, breaking.map((b) => b.coordinate), judgement.days);
  const accounted = new Set<RegisteredOperationRef>();
  const judged = breaking.map((change): BreakingChange => {
    const traced = TRACED.has(change.type) && change.coordinate !== '';
    const usage = used.get(change.coordinate) ?? [];
    const registered = broken.filter((op) => usesCoordinate(op.coordinates, change.coordinate)).map((op) => (accounted.add(op.ref), op.ref));
    const blocking = judgement.strict || !traced || usage.length > 0 || registered.length > 0;
    const note = !traced
      ? 'blocks: usage cannot tell who relies on this kind of change'
      : usage.length || registered.length
        ? `blocks: ${[usage.length ? `used by ${describeUsage(usage)} in the last ${judgement.days} days` : '', registered.length ? `breaks registered operation(s) ${registered.map((r) => `${r.clientName}/${r.name || r.id}`).join(', ')}` : ''].filter(Boolean).join('; ')}`
        : `${judgement.strict ? 'blocks (--strict)' : 'does not block'}: no client used it in the last ${judgement.days} days and no registered operation needs it`;
    return { ...change, usage, registeredOperations: registered, blocking, note };
  });
  return { breaking: judged, brokenOperations: broken.filter((op) => !accounted.has(op.ref)).map((op) => op.ref) };
}

/** "storefront-halden: HaldenSkus (12 requests)", operations grouped by client. */
export function describeUsage(usage: readonly ChangeUsage[]): string {
  return usage.map((u) => `${u.clientName || '(no client name)'}: ${u.operationName || '(anonymous)'} (${Math.round(u.requests)} requests)`).join(', ');
}

/** Every registered operation that no longer validates against the proposed API schema, with the coordinates it uses in the live one. */
async function brokenRegisteredOperations(manager: EntityManager, schemas: { live: GraphQLSchema; proposed: GraphQLSchema }) {
  const rows: { client_name: string; id: string; name: string; body: string }[] = await manager.query('SELECT client_name, id, name, body FROM client_operation ORDER BY client_name, name, id');
  const broken: { ref: RegisteredOperationRef; coordinates: string[] }[] = [];
  for (const row of rows) {
    const document = parse(row.body);
    const errors = validate(schemas.proposed, document);
    if (errors.length === 0) continue;
    broken.push({ ref: { clientName: row.client_name, id: row.id, name: row.name, errors: errors.map((e) => e.message) }, coordinates: schemaCoordinates(schemas.live, document) });
  }
  return broken;
}

/** For each coordinate, the operations (by client) whose shape uses it, with their requests in the window. */
async function usageOf(manager: EntityManager, coordinates: readonly string[], days: number): Promise<Map<string, ChangeUsage[]>> {
  const wanted = [...new Set(coordinates.filter(Boolean))];
  const result = new Map<string, ChangeUsage[]>();
  if (wanted.length === 0) return result;
  const rows: { coordinate: string; client_name: string; operation_name: string; operation_hash: string; requests: number; last_seen: Date }[] = await manager.query(
    `SELECT c.coordinate, o.client_name, o.operation_name, o.operation_hash, sum(o.requests)::float8 AS requests, max(o.minute) AS last_seen
       FROM unnest($1::text[]) AS c(coordinate)
       JOIN usage_operation_shape s ON EXISTS (
              SELECT 1 FROM unnest(s.coordinates) AS x(used)
               WHERE x.used = c.coordinate OR starts_with(x.used, c.coordinate || '.') OR starts_with(x.used, c.coordinate || '(')
                  OR x.used = split_part(c.coordinate, '.', 1))
       JOIN usage_operation o ON o.operation_hash = s.operation_hash AND o.minute >= $2
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, requests DESC, 2, 3`,
    [wanted, new Date(Date.now() - days * 86_400_000)],
  );
  for (const r of rows) {
    const list = result.get(r.coordinate) ?? [];
    list.push({ clientName: r.client_name, operationName: r.operation_name, operationHash: r.operation_hash, requests: r.requests, lastSeen: new Date(r.last_seen).toISOString() });
    result.set(r.coordinate, list);
  }
  return result;
}
