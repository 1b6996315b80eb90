import { isAbstractType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { FetchDataRewrite, QueryPlanSelectionNode } from '@apollo/query-planner';

/**
 * The data operations of plan execution, on the JSON tree the fetches are merged into, with the
 * semantics of `@apollo/gateway`'s executor (`executeSelectionSet`, `deepMerge`, `applyRewrites`):
 * what a representation holds, how a fetch's answer joins the tree, and the rewrites the planner
 * asks for around `@interfaceObject`.
 */

export type JsonObject = Record<string, unknown>;

/** Sets an own property, even one named like something on `Object.prototype`. */
function setOwn(object: JsonObject, key: string, value: unknown): void {
  if (key in object && !Object.hasOwn(object, key)) Object.defineProperty(object, key, { configurable: true, enumerable: true, writable: true, value });
  else object[key] = value;
}

function isObject(value: unknown): value is JsonObject {
  return value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Merges `source` into `target`, recursively for objects and for arrays of the same length. */
export function deepMerge(target: JsonObject, source: unknown): JsonObject {
  if (source === undefined || source === null) return target;
  const from = source as JsonObject;
  for (const key of Object.keys(from)) {
    const value = from[key];
    if (value === undefined) continue;
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (existing && isObject(value)) deepMerge(existing as JsonObject, value);
    else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i] as JsonObject, value[i]);
        else existing[i] = value[i];
      }
    } else setOwn(target, key, value);
  }
  return target;
}

/** The object is of `typeCondition` (by its `__typename`, in the supergraph). */
export function isObjectOfType(schema: GraphQLSchema, object: JsonObject, typeCondition: string, whenUntyped = false): boolean {
  const typename = object.__typename;
  if (!typename) return whenUntyped;
  if (typeCondition === typename) return true;
  const type = schema.getType(typename as string);
  if (!type) return false;
  const condition = schema.getType(typeCondition);
  if (!condition || !isAbstractType(condition)) return false;
  return (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
}

/** Builds an entity's representation from the tree: the fields a fetch `requires`, or null when one is missing. */
export type RepresentationBuilder = (entity: JsonObject) => JsonObject | null;

export function representationBuilder(schema: GraphQLSchema, requires: readonly QueryPlanSelectionNode[]): RepresentationBuilder {
  const select = (source: unknown, selections: readonly QueryPlanSelectionNode[]): JsonObject | null => {
    if (source === null) return null;
    const object = source as JsonObject;
    const result: JsonObject = {};
    for (const selection of selections) {
      if (selection.kind === 'Field') {
        const name = selection.alias ?? selection.name;
        if (!Object.hasOwn(object, name) || object[name] === undefined) return null;
        const value = object[name];
        const inner = selection.selections;
        if (Array.isArray(value)) setOwn(result, name, value.map((v) => (inner ? select(v, inner) : v)));
        else setOwn(result, name, inner ? select(value, inner) : value);
      } else {
        if (!selection.typeCondition || !source) continue;
        if (isObjectOfType(schema, object, selection.typeCondition)) deepMerge(result, select(object, selection.selections));
      }
    }
    return result;
  };
  return (entity) => select(entity, requires);
}

/** Applies the planner's rewrites (`ValueSetter`, `KeyRenamer`) to `value`, in place. */
export function applyRewrites(schema: GraphQLSchema, rewrites: readonly FetchDataRewrite[] | undefined, value: unknown): void {
  if (!rewrites) return;
  for (const rewrite of rewrites) {
    if (rewrite.path.length === 0) continue;
    const parent = rewrite.path.slice(0, -1);
    const last = rewrite.path[rewrite.path.length - 1]!;
    if (last.startsWith(FRAGMENT_PREFIX)) throw new Error(`Unexpected fragment as last element of ${rewrite.path.join(',')}`);
    applyAtPath(schema, parent, value, (object) => {
      if (rewrite.kind === 'ValueSetter') setOwn(object, last, rewrite.setValueTo);
      else {
        const current = Object.hasOwn(object, last) ? object[last] : undefined;
        if (current) {
          setOwn(object, rewrite.renameKeyTo, current);
          object[last] = undefined;
        }
      }
    });
  }
}

const FRAGMENT_PREFIX = '... on ';

function applyAtPath(schema: GraphQLSchema, path: readonly string[], value: unknown, rewrite: (object: JsonObject) => void): void {
  if (Array.isArray(value)) {
    for (const element of value) applyAtPath(schema, path, element, rewrite);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as JsonObject;
  if (path.length === 0) return rewrite(object);
  const [first, ...rest] = path as [string, ...string[]];
  if (first.startsWith(FRAGMENT_PREFIX)) {
    if (isObjectOfType(schema, object, first.slice(FRAGMENT_PREFIX.length), true)) applyAtPath(schema, rest, object, rewrite);
  } else applyAtPath(schema, rest, Object.hasOwn(object, first) ? object[first] : undefined, rewrite);
}

/**
 * The objects at `path` below `value` (`@` steps into every element of a list), nulls included
 * where the tree has them, as the executor's cursor sees them.
 */
export function valuesAtPath(value: unknown, path: readonly (string | number)[], from = 0): unknown {
  if (from === path.length) return value;
  if (value === undefined || value === null) return value;
  const step = path[from];
  if (step === '@') return (value as unknown[]).flatMap((element) => valuesAtPath(element, path, from + 1));
  if (typeof step !== 'string') throw new Error(`Unexpected ${typeof step} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${step}`);
  const object = value as JsonObject;
  return valuesAtPath(Object.hasOwn(object, step) ? object[step] : undefined, path, from + 1);
}

/**
 * The response path of every non-null object at `path` below `data`, in the order `valuesAtPath`
 * lists them: where a subgraph error about an entity is reported.
 */
export function concretePaths(data: unknown, path: readonly (string | number)[]): (string | number)[][] {
  const result: (string | number)[][] = [];
  const walk = (value: unknown, from: number, at: (string | number)[]) => {
    if (value === null || value === undefined) return;
    if (from === path.length) {
      result.push([...at]);
      return;
    }
    const step = path[from];
    if (step === '@') {
      (value as unknown[]).forEach((element, i) => {
        at.push(i);
        walk(element, from + 1, at);
        at.pop();
      });
    } else if (typeof step === 'string') {
      if (Array.isArray(value)) {
        value.forEach((element, i) => {
          at.push(i);
          walk(element, from, at);
          at.pop();
        });
      } else if (Object.hasOwn(value as JsonObject, step)) {
        at.push(step);
        walk((value as JsonObject)[step], from + 1, at);
        at.pop();
      }
    }
  };
  walk(data, 0, []);
  return result;
}
