import type { GraphQLSchema } from 'graphql';
import type { QueryPlanSelectionNode } from '@apollo/query-planner';
// @apollo/gateway's own, so a fetch's answer joins the tree exactly as in its executor.
import { isObjectOfType } from '@apollo/gateway/dist/dataRewrites';
import { deepMerge } from '@apollo/gateway/dist/utilities/deepMerge';

/**
 * The data operations of plan execution, on the JSON tree the fetches are merged into, with the
 * semantics of `@apollo/gateway`'s executor (`executeSelectionSet`; its `deepMerge` and
 * `applyRewrites` are used as they are): what a representation holds, and where the objects and
 * entities of a path are.
 */

export type JsonObject = Record<string, unknown>;

/** Sets an own property, even one named like something on `Object.prototype`. */
function setOwn(object: JsonObject, key: string, value: unknown): void {
  if (key in object && !Object.hasOwn(object, key)) Object.defineProperty(object, key, { configurable: true, enumerable: true, writable: true, value });
  else object[key] = value;
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
