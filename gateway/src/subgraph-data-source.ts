import { randomUUID } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GATEWAY_PRINCIPAL } from '../../shared/src/auth/principal';
import { SIGNATURE_HEADER, type RequestSigner } from '../../shared/src/auth/signing';
import { trellisError } from '../../shared/src/errors';
import type { GatewayContext } from './context';

/**
 * How the gateway talks to one subgraph. The body is serialized once and signed as sent: the
 * signature names this subgraph, the method, the body's hash, the time and a nonce, and carries the
 * verified caller and the gateway's request id (the gateway's own calls — schema loading, health —
 * are signed as the gateway). A subgraph that answers with GraphQL errors has them passed on as its
 * own; one that cannot be reached, or answers something that is not GraphQL, becomes
 * SUBGRAPH_UNAVAILABLE naming it.
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
      });
      const text = await response.text();
      parsed = text ? JSON.parse(text) : undefined;
    } catch (error) {
      throw this.unavailable(error instanceof Error ? error.message : String(error));
    }
    if (response.status === 401 || response.status === 403) throw this.unavailable(`it refused the gateway's signature (HTTP ${response.status})`);
    if (isGraphQLResponse(parsed) && response.status < 500 && (response.ok || parsed.errors?.length)) return parsed;
    throw this.unavailable(`it answered HTTP ${response.status}${isGraphQLResponse(parsed) ? '' : ' without a GraphQL response'}`);
  }

  private unavailable(reason: string) {
    return trellisError('SUBGRAPH_UNAVAILABLE', `Subgraph "${this.serviceName}" is unavailable: ${reason}`, { serviceName: this.serviceName });
  }
}

function isGraphQLResponse(value: unknown): value is GatewayGraphQLResponse {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { data, errors } = value as { data?: unknown; errors?: unknown };
  return (data === null || typeof data === 'object') && (errors === undefined || Array.isArray(errors)) && ('data' in value || 'errors' in value);
}
