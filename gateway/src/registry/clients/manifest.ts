import { Kind, parse } from 'graphql';

/** One operation of Apollo's persisted-query manifest. */
export interface ManifestOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';
export const MAX_MANIFEST_OPERATIONS = 5000;
const ID = /^[A-Za-z0-9:_-]{1,128}$/;

/**
 * Reads Apollo's persisted-query manifest (`{ format: "apollo-persisted-query-manifest",
 * version: 1, operations: [{ id, name, type, body }] }`, as `generate-persisted-query-manifest`
 * writes it): every operation's body must parse, hold exactly one operation, of the type and name
 * given; ids are unique. The first problem is returned, naming the operation.
 */
export function parseManifest(value: unknown): { ok: true; operations: ManifestOperation[] } | { ok: false; message: string } {
  const fail = (message: string) => ({ ok: false as const, message });
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('the manifest is not a JSON object');
  const manifest = value as { format?: unknown; version?: unknown; operations?: unknown };
  if (manifest.format !== MANIFEST_FORMAT) return fail(`format must be "${MANIFEST_FORMAT}"`);
  if (manifest.version !== 1) return fail('version must be 1');
  if (!Array.isArray(manifest.operations)) return fail('operations must be a list');
  if (manifest.operations.length > MAX_MANIFEST_OPERATIONS) return fail(`at most ${MAX_MANIFEST_OPERATIONS} operations per manifest`);
  const seen = new Set<string>();
  const operations: ManifestOperation[] = [];
  for (const [i, raw] of manifest.operations.entries()) {
    const op = raw as Partial<ManifestOperation> | null;
    const where = `operations[${i}]`;
    if (!op || typeof op !== 'object') return fail(`${where} is not an object`);
    if (typeof op.id !== 'string' || !ID.test(op.id)) return fail(`${where}.id must be 1–128 letters, digits, ':', '_' or '-'`);
    if (seen.has(op.id)) return fail(`${where}.id "${op.id}" appears twice`);
    seen.add(op.id);
    if (typeof op.name !== 'string') return fail(`${where}.name must be a string`);
    if (op.type !== 'query' && op.type !== 'mutation' && op.type !== 'subscription') return fail(`${where}.type must be query, mutation or subscription`);
    if (typeof op.body !== 'string' || !op.body.trim()) return fail(`${where}.body must be the operation's text`);
    let definitions;
    try {
      definitions = parse(op.body).definitions;
    } catch (error) {
      return fail(`${where} (${op.name}) does not parse: ${(error as Error).message}`);
    }
    const operationsIn = definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operationsIn.length !== 1) return fail(`${where} (${op.name}) must hold exactly one operation`);
    const [only] = operationsIn;
    if (only!.operation !== op.type || (only!.name?.value ?? '') !== op.name) return fail(`${where}: its body is ${only!.operation} "${only!.name?.value ?? ''}", not ${op.type} "${op.name}"`);
    operations.push({ id: op.id, name: op.name, type: op.type, body: op.body });
  }
  return { ok: true, operations };
}
