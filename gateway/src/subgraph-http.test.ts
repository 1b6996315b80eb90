import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphHttp } from './subgraph-http';

describe('SubgraphHttp', () => {
  let server: http.Server;
  let base: string;
  const client = new SubgraphHttp();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/redirect') return res.writeHead(307, { location: '/elsewhere' }).end();
        if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000);
        if (req.url === '/large') return res.end('x'.repeat(200_000));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body with the headers and answers the status and the whole text', async () => {
    const answer = await client.post(new URL(`${base}/graphql`), { 'content-type': 'application/json' }, '{"query":"{ a }"}', new AbortController().signal);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ method: 'POST', type: 'application/json', body: '{"query":"{ a }"}' });
    const large = await client.post(new URL(`${base}/large`), {}, '', new AbortController().signal);
    expect(large.text).toHaveLength(200_000);
  });

  it('does not follow a redirect', async () => {
    const answer = await client.post(new URL(`${base}/redirect`), {}, '', new AbortController().signal);
    expect(answer.status).toBe(307);
  });

  it('rejects with the abort reason when aborted, and with "fetch failed" when nothing answers', async () => {
    const controller = new AbortController();
    const pending = client.post(new URL(`${base}/slow`), {}, '', controller.signal);
    setTimeout(() => controller.abort(new Error('deadline')), 50);
    await expect(pending).rejects.toThrow('deadline');
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(client.post(new URL(`http://127.0.0.1:${port}/graphql`), {}, '', new AbortController().signal)).rejects.toThrow('fetch failed');
  });
});
