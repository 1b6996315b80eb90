import {
  getOperationAST,
  getVariableValues,
  Kind,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { codePointLength } from '../text/code-points';
import { describeUnstorable, findUnstorableCharacter } from '../text/storable-text';

export interface InputGuardOptions {
  /** Longest string accepted in any argument, in characters; unset: no limit. */
  maxStringLength?: number;
}

/** The first argument value that must be refused: where it is (`input.reason`, `lines[2].note`) and why. */
export interface UnsafeInput {
  path: string;
  message: string;
}

/**
 * Walks every argument value of one operation — literals, and variables as coerced (raw when they
 * do not coerce: execution refuses those anyway), through nested input objects and lists, in the
 * operation and its fragments — and finds the first value that must not reach a resolver or a
 * database: a string PostgreSQL would not give back unchanged (NUL, a lone surrogate), a string
 * longer than the limit, a number that is not finite (a Float literal such as `1e400`).
 */
export function findUnsafeInput(
  request: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variables?: Record<string, unknown> | null },
  options: InputGuardOptions = {},
): UnsafeInput | null {
  const operation = getOperationAST(request.document, request.operationName ?? undefined);
  if (!operation) return null;
  const variables = coercedVariables(request.schema, operation, request.variables ?? {});
  const check = (value: unknown, path: string) => unsafeValue(value, path, options, 0);
  for (const argument of argumentsOf(request.document, operation)) {
    const found = unsafeValueNode(argument.value, argument.name.value, variables, check);
    if (found) return found;
  }
  return null;
}

function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown>): Record<string, unknown> {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 });
  return coerced.coerced ?? raw;
}

/** Arguments of fields and directives in the operation and in every fragment (validation has made sure all are used). */
function argumentsOf(document: DocumentNode, operation: OperationDefinitionNode): ArgumentNode[] {
  const found: ArgumentNode[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    const n = node as { kind?: string; arguments?: ArgumentNode[] };
    if (n.kind === Kind.ARGUMENT) return void found.push(node as ArgumentNode);
    for (const [key, child] of Object.entries(n)) if (key !== 'loc' && child && typeof child === 'object') collect(child);
  };
  collect(operation.selectionSet);
  collect(operation.directives);
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
  return found;
}

type Check = (value: unknown, path: string) => UnsafeInput | null;

function unsafeValueNode(node: ValueNode, path: string, variables: Record<string, unknown>, check: Check): UnsafeInput | null {
  switch (node.kind) {
    case Kind.VARIABLE:
      return check(variables[node.name.value], path);
    case Kind.STRING:
    case Kind.ENUM:
      return check(node.value, path);
    case Kind.FLOAT:
    case Kind.INT:
      return check(Number(node.value), path);
    case Kind.LIST:
      for (const [i, item] of node.values.entries()) {
        const found = unsafeValueNode(item, `${path}[${i}]`, variables, check);
        if (found) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = unsafeValueNode(field.value, `${path}.${field.name.value}`, variables, check);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

/** Deeper than any real input; a variable nested further is refused rather than walked. */
const MAX_DEPTH = 64;

function unsafeValue(value: unknown, path: string, options: InputGuardOptions, depth: number): UnsafeInput | null {
  if (typeof value === 'string') {
    const bad = findUnstorableCharacter(value);
    if (bad) return { path, message: describeUnstorable(bad) };
    const max = options.maxStringLength;
    if (max !== undefined && value.length > max && codePointLength(value) > max) {
      return { path, message: `is longer than ${max} characters, the most any text argument takes; send less.` };
    }
    return null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path, message: `must be a finite number, not ${value}.` };
  if (!value || typeof value !== 'object' || value instanceof Date) return null;
  if (depth >= MAX_DEPTH) return { path, message: `nests deeper than ${MAX_DEPTH} levels.` };
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unsafeValue(item, `${path}[${i}]`, options, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const bad = findUnstorableCharacter(key);
    if (bad) return { path, message: `has a key that ${describeUnstorable(bad)}` };
    const found = unsafeValue(item, `${path}.${key}`, options, depth + 1);
    if (found) return found;
  }
  return null;
}
