import { Pool } from 'undici';

/** What a subgraph answered over HTTP: the status and the body's text. */
export interface SubgraphHttpAnswer {
  status: number;
  text: string;
}

/**
 * The gateway's HTTP client for subgraph fetches: one undici `Pool` of keep-alive connections per
 * subgraph origin, shared by every supergraph the gateway loads (a hot reload keeps the
 * connections), closed when the gateway stops.
 *
 * undici's `request` skips what `fetch` builds for every call (a WHATWG Request and Response,
 * header guards, an abort-signal chain) and never follows a redirect: a 3xx comes back as
 * a status, which the data source treats like any answer that is not GraphQL.
 */
export class SubgraphHttp {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly connectionsPerSubgraph = 32) {}

  /** POSTs `body` to `target` (parsed once by the caller: a subgraph's URL does not change between fetches). */
  async post(target: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<SubgraphHttpAnswer> {
    try {
      const response = await this.poolFor(target.origin).request({
        method: 'POST',
        path: `${target.pathname}${target.search}`,
        headers,
        body,
        signal,
      });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      if (signal.aborted) throw error;
      // As `fetch` says it: the cause (an address, a socket error) stays in the logs, never in a client's error.
      throw new TypeError('fetch failed', { cause: error });
    }
  }

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.connectionsPerSubgraph, keepAliveTimeout: 30_000, pipelining: 1 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
  }
}
