import { createHash } from 'node:crypto';

/**
 * The identity of a subgraph fetch as far as its answer goes: the subgraph, the exact query and
 * variables the planner sent, and the caller's rights (see `rightsKey`): the subgraph answers the
 * same to any two callers with equal rights (brand scoping and field rules read nothing else), and
 * never the same to callers whose rights differ, because their keys differ.
 */
export function fetchKey(subgraph: string, query: string, variables: Record<string, unknown> | undefined, rights: string): string {
  return createHash('sha256')
    .update(subgraph)
    .update('\u0000')
    .update(query)
    .update('\u0000')
    .update(variables ? JSON.stringify(variables) : '')
    .update('\u0000')
    .update(rights)
    .digest('base64url');
}

/** The gateway writes the operation keyword first (`query …`, `mutation …`); only queries are ever shared. */
export function isQuery(query: string | undefined): boolean {
  return !!query && !/^\s*(mutation|subscription)\b/.test(query);
}
