import { Supergraph } from '@apollo/federation-internals';
import { findBreakingChanges, type GraphQLSchema } from 'graphql';

export interface BreakingChange {
  type: string;
  /** The schema coordinate affected, e.g. `Query.skuByCode` or `Sku`. */
  coordinate: string;
  description: string;
}

/** The API schema clients see from a supergraph (security features are checked elsewhere). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl, { supportedFeatures: null as never }).apiSchema().toGraphQLJSSchema();
}

/**
 * Changes from the live API schema to a proposed one that break clients of the live one: removed
 * types and fields, changed field types, new required arguments, removed enum values, …
 * (graphql-js's `findBreakingChanges`), each with the coordinate it affects.
 */
export function breakingChanges(liveSupergraphSdl: string | null, proposedSupergraphSdl: string): BreakingChange[] {
  if (!liveSupergraphSdl) return [];
  return breakingChangesBetween(apiSchemaOf(liveSupergraphSdl), apiSchemaOf(proposedSupergraphSdl));
}

export function breakingChangesBetween(live: GraphQLSchema, proposed: GraphQLSchema): BreakingChange[] {
  return findBreakingChanges(live, proposed).map((change) => ({ type: change.type, coordinate: coordinateOf(change.description), description: change.description }));
}

/**
 * The coordinate a change's description names: `Type.field` or `Type` first in most; `Type.field`
 * of "A required arg x on Type.field was added", `Type` of "A required field x on input type Type
 * was added", `Enum.VALUE` of "VALUE was removed from enum type Enum".
 */
function coordinateOf(description: string): string {
  const requiredArg = /^A required arg \w+ on (\w+\.\w+) was added/.exec(description);
  if (requiredArg) return requiredArg[1]!;
  const requiredField = /^A required field \w+ on input type (\w+) was added/.exec(description);
  if (requiredField) return requiredField[1]!;
  const enumValue = /^(\w+) was removed from enum type (\w+)/.exec(description);
  if (enumValue) return `${enumValue[2]}.${enumValue[1]}`;
  return /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)?/.exec(description)?.[0] ?? '';
}
