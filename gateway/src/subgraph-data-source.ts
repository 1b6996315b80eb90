import { randomUUID } from 'node:crypto';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { GATEWAY_PRINCIPAL } from '../../shared/src/auth/principal';
import { signClaims } from '../../shared/src/auth/signing';
import type { GatewayContext } from './context';
import { httpFailureOf, subgraphFailureOutcome } from './subgraph-response';

/**
 * How the gateway talks to one subgraph. Every request carries the verified caller, the request id
 * and a timestamp under the gateway's signature (the gateway's own calls, such as schema
 * introspection, are signed as the gateway). When the subgraph cannot be reached the error says
 * which one, with a stable code, instead of a bare socket error; when it answers 4xx/5xx with
 * GraphQL errors, those are relayed (see `subgraphFailureOutcome`).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly serviceName: string,
    url: string,
    private readonly signingSecret: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const principal = context?.principal ?? GATEWAY_PRINCIPAL;
    const headers = signClaims(principal, context?.requestId ?? randomUUID(), this.signingSecret);
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code !== undefined && error.extensions.serviceName) throw error;
      const failure = httpFailureOf(error);
      if (failure) {
        const outcome = subgraphFailureOutcome({ serviceName: this.serviceName, ...failure, operation: options.request.query });
        if ('response' in outcome) return outcome.response;
        throw outcome.error;
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new GraphQLError(`Subgraph "${this.serviceName}" is unavailable: ${reason}`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.serviceName },
        originalError: error instanceof Error ? error : undefined,
      });
    }
  }
}
