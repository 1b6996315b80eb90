import { randomUUID } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GATEWAY_PRINCIPAL } from '../../shared/src/auth/principal';
import { SIGNATURE_HEADER, type RequestSigner } from '../../shared/src/auth/signing';
import { trellisError } from '../../shared/src/errors';
import type { GatewayContext } from './context';
import { subgraphFailureOutcome } from './subgraph-response';

/**
 * How the gateway talks to one subgraph. The body is serialized once and signed as sent: the
 * signature names this subgraph, the method, the body's hash, the time and a nonce, and carries the
 * verified caller and the gateway's request id (the gateway's own calls — schema loading, health —
 * are signed as the gateway). A subgraph that answers 4xx/5xx with GraphQL errors has them relayed
 * (see `subgraphFailureOutcome`); one that cannot be reached, or answers something that is not
 * GraphQL, becomes SUBGRAPH_UNAVAILABLE naming it.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    readonly serviceName: string,
    readonly url: string,
    private readonly signer: RequestSigner,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = 'context' in options ? (options.context as GatewayContext | undefined) : undefined;
    const body = JSON.stringify({ query: request.query, operationName: request.operationName, variables: request.variables, extensions: request.extensions });
    let response: Response;
    let parsed: unknown;
    try {
      const signature = await this.signer.sign({
        audience: this.serviceName,
        method: 'POST',
        body,
        principal: context?.principal ?? GATEWAY_PRINCIPAL,
        requestId: context?.requestId ?? randomUUID(),
      });
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', [SIGNATURE_HEADER]: signature },
        body,
        // A redirect would carry the signed caller to wherever it points: a subgraph never redirects.
        redirect: 'error',
      });
      const text = await response.text();
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
    } catch (error) {
      throw trellisError('SUBGRAPH_UNAVAILABLE', `Subgraph "${this.serviceName}" is unavailable: ${error instanceof Error ? error.message : String(error)}`, {
        serviceName: this.serviceName,
      });
    }
    if (response.ok && isGraphQLResponse(parsed)) return parsed;
    const outcome = subgraphFailureOutcome({ serviceName: this.serviceName, status: response.status, body: parsed, operation: request.query });
    if ('response' in outcome) return outcome.response;
    throw outcome.error;
  }
}

function isGraphQLResponse(value: unknown): value is GatewayGraphQLResponse {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return 'data' in value || 'errors' in value;
}
