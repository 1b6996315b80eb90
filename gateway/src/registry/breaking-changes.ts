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
  return findBreakingChanges(apiSchemaOf(liveSupergraphSdl), apiSchemaOf(proposedSupergraphSdl)).map((change) => ({
    type: change.type,
    coordinate: /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)?(\([\w]+:\))?/.exec(change.description)?.[0]?.replace(/\(.*$/, '') ?? '',
    description: change.description,
  }));
}
