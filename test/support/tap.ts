import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TappedRequest {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A transparent HTTP proxy in front of a subgraph that keeps a copy of every request — what an
 * attacker on the path (or a routing URL pointed at their own server) would capture. Tests replay
 * the captures to prove they are worthless.
 */
export class Tap {
  readonly captured: TappedRequest[] = [];
  /** While true, requests are accepted and never answered, as by a hung subgraph. */
  hung = false;
  /** Every request is held this long before it is forwarded (latency injected into the subgraph). */
  delayMs = 0;
  private readonly held = new Set<http.ServerResponse>();
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async in(front: string): Promise<Tap> {
    const target = new URL(front);
    let tap: Tap | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        tap!.captured.push({ method: req.method ?? 'GET', headers: req.headers, body });
        if (tap!.hung) {
          tap!.held.add(res);
          return;
        }
        if (tap!.delayMs > 0) {
          setTimeout(() => forward(), tap!.delayMs);
          return;
        }
        forward();
      });
      const forward = () => {
        const body = Buffer.concat(chunks);
        const upstream = http.request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => {
          res.writeHead(502).end();
        });
        upstream.end(body);
      };
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    tap = new Tap(server, `http://127.0.0.1:${port}${target.pathname}`);
    return tap;
  }

  /** The last captured request whose body matches. */
  last(match: RegExp): TappedRequest {
    const found = [...this.captured].reverse().find((r) => match.test(r.body.toString('utf8')));
    if (!found) throw new Error(`no captured request matches ${match}`);
    return found;
  }

  close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
