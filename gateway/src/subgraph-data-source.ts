import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';

/**
 * How the gateway talks to one subgraph. It forwards the request id, and when the subgraph cannot
 * be reached it says which one, with a stable code, instead of a bare socket error.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(readonly serviceName: string, url: string) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code !== undefined && error.extensions.serviceName) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new GraphQLError(`Subgraph "${this.serviceName}" is unavailable: ${reason}`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.serviceName },
        originalError: error instanceof Error ? error : undefined,
      });
    }
  }
}
