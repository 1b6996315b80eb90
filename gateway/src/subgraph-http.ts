import { Pool, type Dispatcher } from 'undici';

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
 * undici's `dispatch` skips what `fetch` (a WHATWG Request and Response, header guards, an
 * abort-signal chain) and even `request` (an async resource, a body stream, parsed headers) build
 * for every call, and never follows a redirect: a 3xx comes back as a status, which the data source
 * treats like any answer that is not GraphQL.
 */
export class SubgraphHttp {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly connectionsPerSubgraph = 32) {}

  /** POSTs `body` to `target` (parsed once by the caller: a subgraph's URL does not change between fetches). */
  post(target: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<SubgraphHttpAnswer> {
    return new Promise<SubgraphHttpAnswer>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const chunks: Buffer[] = [];
      let status = 0;
      let abortRequest: ((reason: Error) => void) | undefined;
      const onAbort = () => abortRequest?.(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      // undici's dispatch with a handler of our own: `request` would add, per fetch, an AsyncResource,
      // a Readable for the body and a parsed header object, none of which the gateway reads.
      const handler: Dispatcher.DispatchHandler = {
        onConnect(abort) {
          if (signal.aborted) abort(signal.reason as Error);
          else abortRequest = abort;
        },
        onHeaders(statusCode) {
          status = statusCode;
          return true;
        },
        onData(chunk) {
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          signal.removeEventListener('abort', onAbort);
          resolve({ status, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
        },
        onError(error) {
          signal.removeEventListener('abort', onAbort);
          // As `fetch` says it: the cause (an address, a socket error) stays in the logs, never in a client's error.
          reject(signal.aborted ? error : new TypeError('fetch failed', { cause: error }));
        },
      };
      this.poolFor(target.origin).dispatch({ method: 'POST', path: `${target.pathname}${target.search}`, headers, body }, handler);
    });
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
