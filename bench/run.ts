import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GATEWAY_PRINCIPAL } from '../shared/src/auth/principal';
import { SIGNATURE_HEADER } from '../shared/src/auth/signing';
import { startEmbeddedPostgres } from '../shared/src/db/embedded-postgres';
import { stableId } from '../shared/src/demo/stable-id';
import { freePort } from '../test/support/free-port';
import { Stack, token } from '../test/support/stack';

/**
 * `npm run bench`: the whole graph on an embedded PostgreSQL, then each case driven for a fixed
 * time at a fixed concurrency, all in one run so the ratios compare like with like.
 */
const SECONDS = Number(process.argv[2] ?? 3);
const CONCURRENCY = 8;

interface Result {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function drive(name: string, once: (i: number) => Promise<void>): Promise<Result> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await once(i++);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { name, requests: latencies.length, perSecond: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99) };
}

async function post(url: string, headers: Record<string, string>, query: string, variables?: object): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (response.status !== 200 || (body.errors && !body.errors.every((e) => /Unauthorized field/.test(e.message)))) {
    throw new Error(`${response.status} ${JSON.stringify(body.errors)}`);
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  process.env.TRELLIS_TEST_SERVER_URL = pg.url;
  const stack = await Stack.start();
  try {
    const admin = { authorization: `Bearer ${await token({ roles: ['admin'] })}` };
    const storefront = { authorization: `Bearer ${await token({ roles: ['storefront'], brands: ['halden'] })}` };
    const ops = { authorization: `Bearer ${await token({ roles: ['operations'] })}` };
    const BRANDS = '{ brands { slug name lifecycle } }';
    const SKUS = '{ brand(slug: "halden") { skus(first: 20) { nodes { code available unitCost margin } } } }';
    const PORTFOLIO = '{ brands { slug skus(first: 50) { nodes { code available stock { available node { code operator { name } } } } } partners { name } } }';
    // A SKU with stock for every order the run can place.
    const sku = stableId('sku:LUM-011');
    const node = stableId('node:WH-CENTRAL');
    await stack.subgraphs.inventory.dataSource.query('UPDATE stock_position SET on_hand = 1000000, reserved = 0 WHERE sku_id = $1 AND node_id = $2', [sku, node]);

    const results: Result[] = [];
    const run = async (name: string, once: (i: number) => Promise<void>) => {
      await drive(`${name} (warm-up)`, once).catch(() => undefined);
      const r = await drive(name, once);
      results.push(r);
      console.log(`${r.name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(7)}/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms`);
    };

    console.log(`Trellis benchmark: ${SECONDS} s per case, ${CONCURRENCY} concurrent clients, ${os.cpus().length} cores, Node ${process.version}\n`);
    const signer = stack.signer;
    const direct = async () => ({
      [SIGNATURE_HEADER]: await signer.sign({ audience: 'brands', method: 'POST', body: JSON.stringify({ query: BRANDS }), principal: GATEWAY_PRINCIPAL, requestId: 'bench' }),
    });
    await run('brands subgraph, direct (signed)', async () => post(stack.subgraphs.brands.url, await direct(), BRANDS));
    await run('same query through the gateway', () => post(stack.gateway.url, admin, BRANDS));
    await run('SKU page, admin (nothing removed)', () => post(stack.gateway.url, admin, SKUS));
    await run('SKU page, storefront (cost, margin removed)', () => post(stack.gateway.url, storefront, SKUS));
    await run('whole portfolio, 3 subgraphs, 300 SKUs', () => post(stack.gateway.url, admin, PORTFOLIO));
    await run('adjustStock (ledger append)', (i) =>
      post(stack.gateway.url, ops, `mutation { adjustStock(skuId: "${sku}", nodeId: "${node}", delta: 1, reason: "bench ${i}") { onHand } }`),
    );
    await run('routeOrder (lock, plan, reserve, ledger)', (i) =>
      post(stack.gateway.url, ops, `mutation { routeOrder(input: { brand: "lumen", orderRef: "bench-${process.pid}-${i}", lines: [{ skuId: "${sku}", quantity: 1 }], destinationRegion: "EU-CENTRAL" }) { id } }`),
    );

    const by = (name: string) => results.find((r) => r.name === name)!;
    const ratio = (a: string, b: string) => `${(by(a).p50 / by(b).p50).toFixed(2)}× p50, ${(by(b).perSecond / by(a).perSecond).toFixed(2)}× throughput`;
    console.log('\nRatios (same run):');
    console.log(`  gateway vs direct subgraph:             ${ratio('same query through the gateway', 'brands subgraph, direct (signed)')}`);
    console.log(`  governance filtering vs none:           ${ratio('SKU page, storefront (cost, margin removed)', 'SKU page, admin (nothing removed)')}`);
    console.log(`  routeOrder vs adjustStock:              ${ratio('routeOrder (lock, plan, reserve, ledger)', 'adjustStock (ledger append)')}`);
  } finally {
    await stack.stop();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
