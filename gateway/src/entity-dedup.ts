import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

/**
 * One entity fetch asks for each distinct entity once. `@apollo/gateway`'s executor sends a
 * representation per place the entity occurs: the storefront page's 20 SKUs × stock per node name
 * the same handful of nodes sixty times, and the subgraph resolved each of them sixty times. Here
 * the fetch's `representations` are collapsed to the distinct ones before the fetch is signed (and
 * before it is shared or cached), and the subgraph's `_entities` answer is expanded back to one
 * entry per representation the executor sent — an entry copied where an entity repeats, errors
 * repeated at every index they concern — so the executor sees exactly what it asked for.
 *
 * Representations are equal when their JSON is: the executor builds every representation of a
 * fetch from the same selection set, so equal entities serialize alike.
 */
export interface CollapsedRepresentations {
  /** The distinct representations, in the order they first occur. */
  representations: unknown[];
  /** For each representation the executor sent, the index of its distinct one. */
  distinctIndexOf: number[];
}

/** The distinct representations of a fetch, or `undefined` when it has none or none repeats. */
export function collapseRepresentations(representations: unknown): CollapsedRepresentations | undefined {
  if (!Array.isArray(representations) || representations.length < 2) return undefined;
  const seen = new Map<string, number>();
  const distinct: unknown[] = [];
  const distinctIndexOf = new Array<number>(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const key = JSON.stringify(representations[i]);
    let index = seen.get(key);
    if (index === undefined) {
      index = distinct.length;
      seen.set(key, index);
      distinct.push(representations[i]);
    }
    distinctIndexOf[i] = index;
  }
  return distinct.length === representations.length ? undefined : { representations: distinct, distinctIndexOf };
}

/**
 * The subgraph's answer to the collapsed fetch, as the answer to the fetch the executor made. An
 * answer that is not a list of one entity per distinct representation is returned unchanged: the
 * executor reports it as it would have.
 */
export function expandEntities(response: GatewayGraphQLResponse, collapsed: CollapsedRepresentations): GatewayGraphQLResponse {
  const { distinctIndexOf } = collapsed;
  const data = response.data as { _entities?: unknown } | null | undefined;
  const entities = data?._entities;
  let expandedData = data;
  if (Array.isArray(entities)) {
    if (entities.length !== collapsed.representations.length) return response;
    const used = new Array<boolean>(entities.length).fill(false);
    const expanded = distinctIndexOf.map((index) => {
      const entity = entities[index];
      // The executor merges later fetches into these objects: each place gets its own.
      if (used[index]) return copyJson(entity);
      used[index] = true;
      return entity;
    });
    expandedData = { ...data, _entities: expanded };
  }
  if (!response.errors?.length) return expandedData === data ? response : { ...response, data: expandedData };
  const placesOf = new Map<number, number[]>();
  distinctIndexOf.forEach((index, place) => {
    const places = placesOf.get(index);
    if (places) places.push(place);
    else placesOf.set(index, [place]);
  });
  const errors = response.errors.flatMap((error) => {
    const path = error.path;
    if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return [error];
    const places = placesOf.get(path[1]);
    if (!places) return [error];
    return places.map((place) => ({ ...error, path: ['_entities', place, ...path.slice(2)] }));
  });
  return { ...response, data: expandedData, errors };
}

function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = copyJson((value as Record<string, unknown>)[key]);
  return copy;
}
