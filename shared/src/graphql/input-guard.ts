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
  request: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variables?: Record<string, unknown> | null;
    /** The variables as already coerced by the caller (saves coercing them again). */
    coerced?: Record<string, unknown>;
  },
  options: InputGuardOptions = {},
): UnsafeInput | null {
  const operation = getOperationAST(request.document, request.operationName ?? undefined);
  if (!operation) return null;
  const argumentNodes = argumentsOf(request.document, operation);
  if (argumentNodes.length === 0) return null;
  const variables = request.coerced ?? (operation.variableDefinitions?.length ? coercedVariables(request.schema, operation, request.variables ?? {}) : {});
  for (const argument of argumentNodes) {
    const found = unsafeValueNode(argument.value, variables, options);
    if (found) return { path: pathText(argument.name.value, found.at), message: found.message };
  }
  return null;
}

function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown>): Record<string, unknown> {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 });
  return coerced.coerced ?? raw;
}

/** Per parsed document (the server keeps one per operation text) and operation: the walk below happens once. */
const argumentsByDocument = new WeakMap<DocumentNode, Map<OperationDefinitionNode, ArgumentNode[]>>();

/** Arguments of fields and directives in the operation and in every fragment (validation has made sure all are used). */
function argumentsOf(document: DocumentNode, operation: OperationDefinitionNode): ArgumentNode[] {
  let byOperation = argumentsByDocument.get(document);
  if (!byOperation) argumentsByDocument.set(document, (byOperation = new Map()));
  let found = byOperation.get(operation);
  if (found) return found;
  found = [];
  const into = found;
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    const n = node as { kind?: string; arguments?: ArgumentNode[] };
    if (n.kind === Kind.ARGUMENT) return void into.push(node as ArgumentNode);
    for (const [key, child] of Object.entries(n)) if (key !== 'loc' && child && typeof child === 'object') collect(child);
  };
  collect(operation.selectionSet);
  collect(operation.directives);
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
  byOperation.set(operation, found);
  return found;
}

/**
 * What was found and where below the argument: list indexes and field names, innermost last. The
 * path is put together only for a value that is refused: walking a large variable (an entity
 * fetch's representations) builds no strings.
 */
interface Found {
  at: (string | number)[];
  message: string;
}

function pathText(argument: string, at: (string | number)[]): string {
  let path = argument;
  for (const step of at) path += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return path;
}

function unsafeValueNode(node: ValueNode, variables: Record<string, unknown>, options: InputGuardOptions): Found | null {
  switch (node.kind) {
    case Kind.VARIABLE:
      return unsafeValue(variables[node.name.value], options, 0);
    case Kind.STRING:
    case Kind.ENUM:
      return unsafeValue(node.value, options, 0);
    case Kind.FLOAT:
    case Kind.INT:
      return unsafeValue(Number(node.value), options, 0);
    case Kind.LIST:
      for (let i = 0; i < node.values.length; i++) {
        const found = unsafeValueNode(node.values[i]!, variables, options);
        if (found) return (found.at.unshift(i), found);
      }
      return null;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = unsafeValueNode(field.value, variables, options);
        if (found) return (found.at.unshift(field.name.value), found);
      }
      return null;
    default:
      return null;
  }
}

/** Deeper than any real input; a variable nested further is refused rather than walked. */
const MAX_DEPTH = 64;

function unsafeValue(value: unknown, options: InputGuardOptions, depth: number): Found | null {
  if (typeof value === 'string') {
    const bad = findUnstorableCharacter(value);
    if (bad) return { at: [], message: describeUnstorable(bad) };
    const max = options.maxStringLength;
    if (max !== undefined && value.length > max && codePointLength(value) > max) {
      return { at: [], message: `is longer than ${max} characters, the most any text argument takes; send less.` };
    }
    return null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? null : { at: [], message: `must be a finite number, not ${value}.` };
  if (!value || typeof value !== 'object' || value instanceof Date) return null;
  if (depth >= MAX_DEPTH) return { at: [], message: `nests deeper than ${MAX_DEPTH} levels.` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unsafeValue(value[i], options, depth + 1);
      if (found) return (found.at.unshift(i), found);
    }
    return null;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const bad = findUnstorableCharacter(key);
    if (bad) return { at: [], message: `has a key that ${describeUnstorable(bad)}` };
    const found = unsafeValue((value as Record<string, unknown>)[key], options, depth + 1);
    if (found) return (found.at.unshift(key), found);
  }
  return null;
}
