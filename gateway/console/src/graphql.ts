import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from './session';

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data?: T;
  errors?: GraphQLError[];
}

/** One operation through the gateway, as the signed-in caller: governance applies as for any client. */
export async function graphql<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
      'apollographql-client-name': 'trellis-console',
    },
    body: JSON.stringify({ query, variables }),
  });
  let body: GraphQLResult<T>;
  try {
    body = (await response.json()) as GraphQLResult<T>;
  } catch {
    throw new Error(`The gateway answered HTTP ${response.status} without GraphQL.`);
  }
  if (!body.data && !body.errors) throw new Error(`The gateway answered HTTP ${response.status} without GraphQL.`);
  return body;
}

export interface QueryState<T> {
  data?: T;
  errors: GraphQLError[];
  loading: boolean;
  reload(): void;
}

/**
 * Runs a query as the signed-in caller whenever it or its variables change. Views build their
 * documents from the caller's scopes, so fields a caller may not see are not asked for: absent, not
 * broken.
 */
export function useQuery<T>(query: string | undefined, variables?: Record<string, unknown>): QueryState<T> {
  const { token } = useSession();
  const [state, setState] = useState<{ data?: T; errors: GraphQLError[]; loading: boolean }>({ errors: [], loading: !!query });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables ?? {});
  const latest = useRef(0);
  useEffect(() => {
    if (!query) return;
    const run = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    graphql<T>(token, query, JSON.parse(key) as Record<string, unknown>).then(
      (result) => run === latest.current && setState({ data: result.data ?? undefined, errors: result.errors ?? [], loading: false }),
      (error: Error) => run === latest.current && setState({ errors: [{ message: error.message }], loading: false }),
    );
  }, [token, query, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** A field in a document only when the caller holds the scopes it needs. */
export function when(allowed: boolean, selection: string): string {
  return allowed ? selection : '';
}
