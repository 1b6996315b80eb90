import { performance } from 'node:perf_hooks';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GatewayContext } from '../context';
import { requestUsageOf } from './request-usage';

/** Told of every fetch from a subgraph: for SLOs (latency and failures per subgraph) and usage (which subgraphs a request used). */
export interface SubgraphFetchObserver {
  fetched(subgraph: string, durationMs: number, failed: boolean): void;
}

/** A fetch failed when it threw (unavailable, timed out, circuit open) or the subgraph answered an internal error. */
export function fetchFailed(response: GatewayGraphQLResponse): boolean {
  return (response.errors ?? []).some((e) => {
    const code = e.extensions?.code;
    return code === undefined || code === 'INTERNAL_SERVER_ERROR' || code === 'SUBGRAPH_UNAVAILABLE';
  });
}

/**
 * Wraps a subgraph's data source: times every fetch, tells the observer how it went, and notes
 * the subgraph on the request's usage. The data source itself is left as it is.
 */
export class ObservedDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly name: string,
    private readonly inner: GraphQLDataSource<GatewayContext>,
    private readonly observer: SubgraphFetchObserver,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const context = 'context' in options ? (options.context as object | undefined) : undefined;
    requestUsageOf(context)?.subgraphs.add(this.name);
    const started = performance.now();
    try {
      const response = await this.inner.process(options);
      this.observer.fetched(this.name, performance.now() - started, fetchFailed(response));
      return response;
    } catch (error) {
      this.observer.fetched(this.name, performance.now() - started, true);
      throw error;
    }
  }
}
