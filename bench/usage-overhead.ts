import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GATEWAY_PRINCIPAL } from '../shared/src/auth/principal';
import { SIGNATURE_HEADER } from '../shared/src/auth/signing';
import { startEmbeddedPostgres } from '../shared/src/db/embedded-postgres';
import { freePort } from '../test/support/free-port';
import { Stack, token } from '../test/support/stack';
import { parse } from 'graphql';
import { apiSchemaOf } from '../gateway/src/registry/breaking-changes';
import { requestUsageOf } from '../gateway/src/usage/request-usage';

/**
 * `npm run bench:usage`: what usage recording costs the gateway, in CPU. Two gateways on the same
 * subgraphs and registry, one recording usage (flushing every second) and one not, driven in
 * alternating rounds with the same load; the process's CPU time per request is compared, and set
 * against the gateway's own CPU per request (through the gateway minus straight to the subgraph).
 */
const SECONDS = Number(process.argv[2] ?? 3);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONCURRENCY = 8;

async function drive(once: () => Promise<void>): Promise<{ requests: number; cpuMicros: number }> {
  const deadline = performance.now() + SECONDS * 1000;
  let requests = 0;
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        await once();
        requests += 1;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { requests, cpuMicros: used.user + used.system };
}

async function post(url: string, headers: Record<string, string>, query: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (response.status !== 200 || body.errors) throw new Error(`${response.status} ${JSON.stringify(body.errors)}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-usage-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  process.env.TRELLIS_TEST_SERVER_URL = pg.url;
  const stack = await Stack.start({ gateway: { usage: undefined } });
  const recording = await stack.startGateway({ gateway: { usage: { enabled: true, samplingRate: 1, flushIntervalMs: 1000, retentionDays: 400, maxKeys: 10_000, checkDays: 30 } } });
  try {
    const headers = { authorization: `Bearer ${await token({ roles: ['storefront'], brands: ['halden'] })}`, 'apollographql-client-name': 'bench-app', 'apollographql-client-version': '1.0.0' };
    const BRANDS = '{ brands { slug name lifecycle } }';
    const SKUS = 'query Skus { brand(slug: "halden") { name skus(first: 20) { nodes { code available } } partners { name } } }';
    const signer = stack.signer;
    const direct = async () => {
      const signature = await signer.sign({ audience: 'brands', method: 'POST', body: JSON.stringify({ query: BRANDS }), principal: GATEWAY_PRINCIPAL, requestId: 'bench' });
      await post(stack.subgraphs.brands.url, { [SIGNATURE_HEADER]: signature }, BRANDS);
    };
    const cases = {
      'brands subgraph, direct': direct,
      'brands, gateway without usage': () => post(stack.gateway.url, headers, BRANDS),
      'brands, gateway with usage': () => post(recording.url, headers, BRANDS),
      'SKU page (3 subgraphs), without usage': () => post(stack.gateway.url, headers, SKUS),
      'SKU page (3 subgraphs), with usage': () => post(recording.url, headers, SKUS),
    };
    const perRequest: Record<string, number[]> = {};
    for (const once of Object.values(cases)) await drive(once); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, once] of Object.entries(cases)) {
        const { requests, cpuMicros } = await drive(once);
        (perRequest[name] ??= []).push(cpuMicros / requests);
      }
    }
    console.log(`Usage recording overhead: ${ROUNDS} rounds × ${SECONDS} s per case, ${CONCURRENCY} concurrent clients, ${os.cpus().length} cores, Node ${process.version}`);
    console.log('(whole-process CPU per request, median of rounds: load generator, gateway and subgraphs together)\n');
    const m = Object.fromEntries(Object.entries(perRequest).map(([k, v]) => [k, median(v)]));
    for (const [name, value] of Object.entries(m)) console.log(`${name.padEnd(40)} ${(value / 1000).toFixed(3).padStart(8)} ms CPU/request`);
    const gatewayCpu = m['brands, gateway without usage']! - m['brands subgraph, direct']!;
    const extra = m['brands, gateway with usage']! - m['brands, gateway without usage']!;
    const extraSkus = m['SKU page (3 subgraphs), with usage']! - m['SKU page (3 subgraphs), without usage']!;
    console.log(`\ngateway's own CPU per request (through the gateway − direct):  ${(gatewayCpu / 1000).toFixed(3)} ms`);
    console.log(`usage recording, brands query:                                 ${(extra / 1000).toFixed(3)} ms = ${((100 * extra) / gatewayCpu).toFixed(1)} % of the gateway's CPU`);
    console.log(`usage recording, SKU page:                                     ${(extraSkus / 1000).toFixed(3)} ms`);
    console.log('(the A/B difference is within the noise of this machine: it can come out negative)\n');

    // The usage code itself, timed alone: every hook a request runs, its three subgraph fetches
    // observed, and the flush that writes it, per request.
    const recorder = recording.usage!;
    const plugin = recorder.plugin() as any;
    const schema = apiSchemaOf((await stack.gateway.registry.current())!.sdl);
    const document = parse(SKUS);
    const request = { http: { headers: new Map([['apollographql-client-name', 'bench-app'], ['apollographql-client-version', '1.0.0']]) } };
    const N = 20_000;
    await recorder.flush();
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < N; i++) {
      const contextValue = { principal: { brandIds: ['b1'] }, estimatedCost: 62 };
      const hooks = await plugin.requestDidStart({ contextValue, request });
      await hooks.didResolveOperation({ schema, document, operationName: 'Skus' });
      for (const subgraph of ['brands', 'inventory', 'partners']) {
        requestUsageOf(contextValue)?.subgraphs.add(subgraph);
        recorder.fetched(subgraph, 3 + (i % 7), false);
      }
      await hooks.willSendResponse({ request, contextValue, response: { body: { kind: 'single', singleResult: { data: {} } } } });
    }
    const hooksCpu = process.cpuUsage(cpu);
    const hooksMs = performance.now() - started;
    const flushCpu = process.cpuUsage();
    await recorder.flush();
    const flushed = process.cpuUsage(flushCpu);
    const usageMicros = (hooksCpu.user + hooksCpu.system + flushed.user + flushed.system) / N;
    console.log(`usage code alone: ${usageMicros.toFixed(1)} µs CPU per request (hooks ${(hooksMs * 1000 / N).toFixed(1)} µs wall, flush included)`);
    console.log(`  = ${((100 * usageMicros) / gatewayCpu).toFixed(2)} % of the gateway's own CPU per request for the brands query (${(gatewayCpu / 1000).toFixed(3)} ms)`);
  } finally {
    await recording.stop();
    await stack.stop();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
