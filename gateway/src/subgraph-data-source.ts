import { randomUUID } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GATEWAY_PRINCIPAL } from '../../shared/src/auth/principal';
import { SIGNATURE_HEADER, type RequestSigner } from '../../shared/src/auth/signing';
import { trellisError } from '../../shared/src/errors';
import type { GatewayContext } from './context';
import { SubgraphFetchFailure, type SubgraphPolicy } from './resilience/subgraph-policies';
import { countsAsSubgraphFailure, subgraphFailureOutcome } from './subgraph-response';
import { withClientSpan } from '../../shared/src/observability/tracing';
import { tracingActive } from '../../shared/src/observability/tracing-active';
import type { SubgraphHttp } from './subgraph-http';
import type { Exchange, FetchSharing } from './fetch-sharing/fetch-sharing';
import { rightsKey } from './operation-memo';
import { collapseRepresentations, expandEntities } from './entity-dedup';

/**
 * How the gateway talks to one subgraph. The body is serialized once and signed as sent: the
 * signature names this subgraph, the method, the body's hash, the time and a nonce, and carries the
 * verified caller and the gateway's request id (the gateway's own calls — schema loading, health —
 * are signed as the gateway).
 *
 * Every fetch runs under the subgraph's policy: a timeout, a circuit breaker that answers at once
 * while the subgraph keeps failing, and one retry for reads. A subgraph that answers 4xx/5xx with
 * GraphQL errors has them relayed (see `subgraphFailureOutcome`) — DATABASE_UNAVAILABLE among them,
 * which also counts against its circuit; one that cannot be reached, times out, or answers
 * something that is not GraphQL, becomes SUBGRAPH_UNAVAILABLE naming it.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly target: URL;

  constructor(
    readonly serviceName: string,
    readonly url: string,
    private readonly signer: RequestSigner,
    private readonly policy: SubgraphPolicy,
    /** Told each fetch's duration and outcome (metrics). */
    private readonly observe: (seconds: number, outcome: 'ok' | 'graphql_error' | 'unavailable') => void = () => {},
    /** Keep-alive connections to the subgraphs (see `SubgraphHttp`). */
    private readonly http: SubgraphHttp,
    options: {
      /** Deduplication and the response cache, when on. */
      sharing?: FetchSharing;
      /** Ask an entity fetch for each distinct entity once (see entity-dedup.ts): for an executor that does not. */
      collapseEntities?: boolean;
    } = {},
  ) {
    this.target = new URL(url);
    this.sharing = options.sharing;
    this.collapseEntities = options.collapseEntities ?? false;
  }

  private readonly sharing?: FetchSharing;
  private readonly collapseEntities: boolean;

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = 'context' in options ? (options.context as GatewayContext | undefined) : undefined;
    // Each distinct entity once (see entity-dedup.ts); the answer is expanded back below.
    const collapsed = this.collapseEntities ? collapseRepresentations(request.variables?.representations) : undefined;
    const variables = collapsed ? { ...request.variables, representations: collapsed.representations } : request.variables;
    const body = JSON.stringify({ query: request.query, operationName: request.operationName, variables, extensions: request.extensions });
    const principal = context?.principal ?? GATEWAY_PRINCIPAL;
    const requestId = context?.requestId ?? randomUUID();
    let answer: { status: number; parsed: unknown };
    const started = performance.now();
    const exchange = (): Promise<Exchange> =>
      this.policy.execute(
        async (signal) => {
          // Signed per attempt: a retry carries a fresh nonce.
          const signature = await this.signer.sign({ audience: this.serviceName, method: 'POST', body, principal, requestId });
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            [SIGNATURE_HEADER]: signature,
          };
          // A redirect is never followed (it would carry the signed caller to wherever it points): a 3xx is not GraphQL.
          const post = () => this.http.post(this.target, headers, body, signal);
          const response = tracingActive()
            ? await withClientSpan('gateway', `POST ${this.serviceName}`, { 'trellis.subgraph': this.serviceName, 'server.address': this.url }, headers, post)
            : await post();
          const { text } = response;
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: judged below
          }
          // A subgraph that answers GraphQL (even errors, even 4xx) is up, unless its database is not;
          // anything else counts against it. Either way its GraphQL errors are relayed below.
          if (countsAsSubgraphFailure(response.status, parsed)) {
            throw Object.assign(new SubgraphFetchFailure(`it answered HTTP ${response.status}`), { answer: { status: response.status, parsed } });
          }
          return { status: response.status, text, parsed };
        },
        { idempotent: !isMutation(request.query) },
      );
    try {
      answer = this.sharing ? await this.sharing.share(this.serviceName, request.query, variables, rightsKey(principal), exchange) : await exchange();
    } catch (error) {
      const failed = (error as { answer?: { status: number; parsed: unknown } }).answer;
      this.observe((performance.now() - started) / 1000, 'unavailable');
      if (failed) answer = failed;
      else throw trellisError('SUBGRAPH_UNAVAILABLE', `Subgraph "${this.serviceName}" is unavailable: ${this.policy.reasonOf(error)}`, { serviceName: this.serviceName });
    }
    if (answer.status < 300 && isGraphQLResponse(answer.parsed)) {
      this.observe((performance.now() - started) / 1000, answer.parsed.errors?.length ? 'graphql_error' : 'ok');
      return collapsed ? expandEntities(answer.parsed, collapsed) : answer.parsed;
    }
    const outcome = subgraphFailureOutcome({ serviceName: this.serviceName, status: answer.status, body: answer.parsed, operation: request.query });
    if ('response' in outcome) return collapsed ? expandEntities(outcome.response, collapsed) : outcome.response;
    throw outcome.error;
  }
}

function isGraphQLResponse(value: unknown): value is GatewayGraphQLResponse {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return 'data' in value || 'errors' in value;
}

/** The gateway writes the operation keyword first (`query …`, `mutation …`); an unnamed `{ … }` is a query. */
function isMutation(query: string | undefined): boolean {
  return /^\s*mutation\b/.test(query ?? '');
}
