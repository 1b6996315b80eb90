import { mintServiceAssertion, type ServiceCredentials } from '../auth/service-identity';
import { withClientSpan } from '../observability/tracing';

/**
 * The graph, as a subgraph sees it when it needs a fact another subgraph owns: a GraphQL query to
 * the gateway under the subgraph's own service identity (see `service-identity.ts`), so the
 * gateway's governance applies to it like to any caller. The assertion is reused until shortly
 * before it expires.
 */
export class GraphClient {
  private assertion?: { token: string; renewAt: number };

  constructor(
    /** The gateway's GraphQL URL; may become known after start. */
    private readonly gatewayUrl: () => string | undefined,
    /** Without credentials (a subgraph started without its service key) every query fails, saying so. */
    private readonly credentials: ServiceCredentials | undefined,
    /** The audience the gateway expects in caller tokens (`JWT_AUDIENCE`). */
    private readonly audience: string,
  ) {}

  async query<T>(query: string, options: { variables?: Record<string, unknown>; timeoutMs?: number } = {}): Promise<T> {
    const url = this.gatewayUrl();
    if (!url) throw new Error('the gateway’s URL is not known yet');
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${await this.token()}` };
    const response = await withClientSpan(this.credentials?.service ?? 'subgraph', 'POST gateway', { 'server.address': url }, headers, () =>
      fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables: options.variables }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
      }),
    );
    const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
    if (!body.data || body.errors?.length) {
      throw new Error(`the gateway answered HTTP ${response.status}${body.errors?.length ? `: ${body.errors[0]!.message}` : ''}`);
    }
    return body.data;
  }

  private async token(): Promise<string> {
    if (!this.credentials) throw new Error('this subgraph has no service key, so it cannot read the graph');
    const now = Date.now();
    if (!this.assertion || now >= this.assertion.renewAt) {
      this.assertion = { token: await mintServiceAssertion(this.credentials, this.audience, now), renewAt: now + 60_000 };
    }
    return this.assertion.token;
  }
}
