import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing, type Tracing } from '../shared/src/observability/tracing';
import { Stack, token } from './support/stack';

/**
 * What an operator sees: Prometheus metrics on the gateway and every subgraph that move with the
 * traffic, with bounded labels; and, with an OTLP collector configured, one trace per request that
 * spans the gateway, the subgraphs and their SQL. A tiny OTLP/HTTP receiver stands in for the collector.
 */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  scope: string;
  attributes: Record<string, unknown>;
}

let stack: Stack;
let tracing: Tracing;
let receiver: http.Server;
const spans: ReceivedSpan[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans: { scopeSpans: { scope: { name: string }; spans: any[] }[] }[] };
      for (const resource of body.resourceSpans) {
        for (const scopeSpans of resource.scopeSpans) {
          for (const span of scopeSpans.spans) {
            const attributes = Object.fromEntries((span.attributes ?? []).map((a: any) => [a.key, Object.values(a.value)[0]]));
            spans.push({ traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, scope: scopeSpans.scope.name, attributes });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  tracing = startTracing('test', { enabled: true, endpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`, headers: {} })!;
  stack = await Stack.start();
});

afterAll(async () => {
  await stack?.stop();
  await tracing?.shutdown();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function metrics(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.headers.get('content-type')).toMatch(/text\/plain/);
  return response.text();
}

const sample = (text: string, name: string, labels: Record<string, string> = {}): number =>
  text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);

describe('metrics', () => {
  it('the gateway’s request histogram moves with queries, by operation', async () => {
    const before = sample(await metrics(`${stack.baseUrl}/metrics`), 'http_server_request_duration_seconds_count', { graphql_operation_name: 'Catalogue' });
    for (let i = 0; i < 3; i++) await stack.query('query Catalogue { brands { slug } }');
    const text = await metrics(`${stack.baseUrl}/metrics`);
    expect(sample(text, 'http_server_request_duration_seconds_count', { graphql_operation_name: 'Catalogue', graphql_operation_type: 'query' }) - before).toBe(3);
    expect(sample(text, 'trellis_subgraph_request_duration_seconds_count', { subgraph: 'brands', outcome: 'ok' })).toBeGreaterThan(0);
    expect(text).toMatch(/trellis_subgraph_circuit_state\{[^}]*subgraph="brands"[^}]*state="closed"[^}]*\} 1/);
    expect(sample(text, 'trellis_operation_cost_count', { kind: 'estimated' })).toBeGreaterThan(0);
    expect(text).toMatch(/^process_cpu_user_seconds_total/m);
  });

  it('counts errors by code', async () => {
    const before = sample(await metrics(`${stack.baseUrl}/metrics`), 'trellis_graphql_errors_total', { code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
    await stack.query('{ portfolioLedger { length } }', undefined, await token({ roles: ['storefront'], brands: ['halden'] }));
    expect(sample(await metrics(`${stack.baseUrl}/metrics`), 'trellis_graphql_errors_total', { code: 'UNAUTHORIZED_FIELD_OR_TYPE' }) - before).toBe(1);
  });

  it('keeps operation names bounded: no label value a caller can multiply without end', async () => {
    await Promise.all(Array.from({ length: 120 }, (_, i) => stack.query(`query Name${i} { __typename }`)));
    await stack.query('query Weird { __typename }'.replace('Weird', 'x'.repeat(70)));
    const names = new Set([...(await metrics(`${stack.baseUrl}/metrics`)).matchAll(/graphql_operation_name="([^"]*)"/g)].map((m) => m[1]));
    expect(names.size).toBeLessThanOrEqual(103);
    expect(names.has('other')).toBe(true);
    expect(names.has('invalid')).toBe(true);
  });

  it('every subgraph serves its own: requests, ledger appends, database pool', async () => {
    const sku = (await stack.query('{ brand(slug: "halden") { skus(first: 1) { nodes { id stock { node { id } } } } } }')).data.brand.skus.nodes[0];
    await stack.query(`mutation { adjustStock(skuId: "${sku.id}", nodeId: "${sku.stock[0].node.id}", delta: 1, reason: "metrics") { onHand } }`);
    const inventory = await metrics(stack.subgraphs.inventory.url.replace(/\/graphql$/, '/metrics'));
    expect(sample(inventory, 'http_server_request_duration_seconds_count', { graphql_operation_type: 'mutation' })).toBeGreaterThan(0);
    expect(sample(inventory, 'trellis_ledger_append_duration_seconds_count')).toBeGreaterThan(0);
    expect(inventory).toMatch(/db_client_connection_count\{[^}]*state="idle"/);
    for (const name of ['brands', 'partners'] as const) {
      expect(await metrics(stack.subgraphs[name].url.replace(/\/graphql$/, '/metrics'))).toMatch(/http_server_request_duration_seconds_bucket/);
    }
  });
});

describe('traces', () => {
  it('one query gives one trace spanning the gateway, the subgraphs and their SQL', async () => {
    const response = await stack.query('query Traced { brand(slug: "halden") { name skus(first: 1) { nodes { code } } partners { name } } }');
    expect(response.errors).toBeUndefined();
    await tracing.flush();
    const gatewayRequest = spans.find((s) => s.scope === 'gateway' && s.name === 'POST /graphql' && s.attributes['graphql.operation.name'] === 'Traced')!;
    expect(gatewayRequest).toBeDefined();
    const trace = spans.filter((s) => s.traceId === gatewayRequest.traceId);
    const scopes = new Set(trace.map((s) => s.scope));
    for (const scope of ['gateway', 'brands', 'inventory', 'partners']) expect(scopes).toContain(scope);
    expect(trace.filter((s) => s.attributes['db.system'] === 'postgresql').length).toBeGreaterThan(0);
    expect(trace.filter((s) => s.name === 'POST /graphql' && s.scope !== 'gateway').length).toBeGreaterThanOrEqual(3);
    expect(gatewayRequest.parentSpanId).toBeUndefined();
    // Every span of the request hangs off the gateway's: one trace, connected.
    const ids = new Set(trace.map((s) => s.spanId));
    expect(trace.filter((s) => s !== gatewayRequest && !ids.has(s.parentSpanId ?? ''))).toEqual([]);
  });
});
