import './production-mode';
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DEFAULT_CALLER_RATE } from '../gateway/src/limits/caller-rate';
import { GATEWAY_PRINCIPAL } from '../shared/src/auth/principal';
import { SIGNATURE_HEADER } from '../shared/src/auth/signing';
import { startEmbeddedPostgres } from '../shared/src/db/embedded-postgres';
import { statementCount } from '../shared/src/db/data-source';
import { stableId } from '../shared/src/demo/stable-id';
import { verifyLedger } from '../shared/src/ledger/ledger';
import { freePort } from '../test/support/free-port';
import { Stack, TEST_JWT_SECRET, token } from '../test/support/stack';
import type { KeyObject } from 'node:crypto';
import { cpuMs } from './harness/proc-cpu';
import { httpOk, startService, stopAll, waitReady, type Service } from './harness/processes';
import type { LoadResult, LoadSpec } from './harness/load-worker';

/**
 * `npm run bench`: the whole graph on an embedded PostgreSQL, then each case driven for a fixed
 * time at a fixed concurrency, all in one run so the ratios compare like with like.
 *
 * As Trellis runs deployed, the gateway is a process of its own (`dist/gateway/src/main.js`, as
 * `npm start` starts it); the subgraphs run in this process (so their SQL statements can be
 * counted), and the clients in a worker thread of it. CPU per request is this process's and the
 * gateway's, from /proc; PostgreSQL's is not counted.
 */
const SECONDS = Number(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 3);
/** `--only <text>`: only the cases whose name contains it (the invariants are still checked). */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
/** `--clients <n>`: concurrent clients per case (default 8; the abuse cases keep their own). */
const CONCURRENCY = process.argv.includes('--clients') ? Number(process.argv[process.argv.indexOf('--clients') + 1]) : 8;
if (!Number.isInteger(CONCURRENCY) || CONCURRENCY < 1) throw new Error('--clients takes a whole number of clients, at least 1');

interface Result {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU per request, ms: this process's (subgraphs and load generator) and the gateway process's. */
  cpuMs: number;
}

/** A request the load worker sends over and over: `{{i}}` in the body is the request's number. */
interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

let requestsSent = 0;

/**
 * Drives one case for SECONDS. A `LoadRequest` is sent by clients in a worker thread of their own
 * (bench/harness/load-worker.ts), so the graph this process runs keeps its event loop; a function
 * (a request that must be signed afresh each time) runs here.
 */
/** The gateway processes whose CPU counts with this process's. */
const gatewayPids = new Set<number>();
const gatewaysCpuMs = () => [...gatewayPids].reduce((sum, pid) => sum + cpuMs(pid), 0);

async function drive(name: string, request: LoadRequest | ((i: number) => Promise<void>), concurrency = CONCURRENCY): Promise<Result> {
  const cpu = process.cpuUsage();
  const gatewaysBefore = gatewaysCpuMs();
  let latencies: number[] = [];
  if (typeof request === 'function') {
    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          await request(requestsSent++);
          latencies.push(performance.now() - started);
        }
      }),
    );
  } else {
    const spec: LoadSpec = { ...request, seconds: SECONDS, concurrency, firstIndex: requestsSent };
    requestsSent += 10_000_000;
    const worker = new Worker(path.join(__dirname, 'harness', 'load-worker.js'), { workerData: spec });
    const result = await new Promise<LoadResult>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    if (result.error) throw new Error(`${name}: ${result.error}`);
    latencies = result.latencies;
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const used = process.cpuUsage(cpu);
  const gateways = gatewaysCpuMs() - gatewaysBefore;
  return { name, requests: latencies.length, perSecond: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99), cpuMs: ((used.user + used.system) / 1000 + gateways) / latencies.length };
}

/**
 * A gateway process on the stack's registry, as `npm start` runs it: the stack's signing key
 * (the subgraphs trust it), the test token secret, production mode, logging at `info`.
 */
async function startGatewayProcess(stack: Stack, dir: string, name: string, env: Record<string, string> = {}): Promise<{ url: string; service: Service }> {
  const port = await freePort();
  const key = stack.gatewayKey.key as KeyObject;
  const service = startService(name, ['--enable-source-maps', path.join(__dirname, '..', 'gateway', 'src', 'main.js')], {
    cwd: path.join(__dirname, '..', '..'),
    logDir: path.join(dir, 'logs'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      TRELLIS_DATA_DIR: path.join(dir, name),
      GATEWAY_PORT: String(port),
      HOST: '127.0.0.1',
      REGISTRY_DATABASE_URL: stack.registryDatabaseUrl,
      BRANDS_URL: stack.subgraphs.brands.url,
      INVENTORY_URL: stack.subgraphs.inventory.url,
      PARTNERS_URL: stack.subgraphs.partners.url,
      PLATFORM_URL: stack.subgraphs.platform.url,
      JWT_SECRET: TEST_JWT_SECRET,
      GATEWAY_SIGNING_KEY: JSON.stringify({ ...key.export({ format: 'jwk' }), kid: stack.gatewayKey.kid, alg: 'EdDSA' }),
      APOLLO_TELEMETRY_DISABLED: 'true',
      ...env,
    },
  });
  gatewayPids.add(service.pid);
  await waitReady(service, () => httpOk(`http://127.0.0.1:${port}/readyz`));
  return { url: `http://127.0.0.1:${port}/graphql`, service };
}

async function post(url: string, headers: Record<string, string>, query: string, variables?: object): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (response.status !== 200 || (body.errors && !body.errors.every((e) => /Unauthorized field/.test(e.message)))) {
    throw new Error(`${response.status} ${JSON.stringify(body.errors)}`);
  }
}

/** A request of the graph's gateway, as the load worker sends it. */
function gatewayRequest(url: string, headers: Record<string, string>, query: string, variables?: object): LoadRequest {
  return { url, headers, body: JSON.stringify({ query, variables }) };
}

interface AbuseRequest {
  query: string;
  /** The refusal it must get (its `extensions.code`), or null when it must be answered with data. */
  refusedAs: string | null;
}

/**
 * Abusive clients in a worker thread of their own, so that building and sending their requests
 * does not take event-loop time from the gateway and subgraphs this process runs: what is
 * measured is what the abuse costs the server. Each client sends the requests in turn, with no
 * pause and ignoring Retry-After, until stopped; an answer other than the one expected (or a 429
 * RATE_LIMITED once the caller has spent its cost budget) stops the bench.
 */
function startAbuse(url: string, authorization: string, requests: AbuseRequest[], clients: number): { stop(): Promise<{ sent: number; limited: number; seconds: number }> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    const { url, authorization, requests, clients } = workerData;
    let running = true;
    let sent = 0;
    let limited = 0;
    const started = performance.now();
    parentPort.on('message', () => { running = false; });
    const bodies = requests.map((r) => JSON.stringify({ query: r.query }));
    const loops = Array.from({ length: clients }, async (_, k) => {
      for (let i = k; running; i++) {
        const request = requests[i % requests.length];
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: bodies[i % requests.length] });
        const body = await response.json();
        const code = body.errors && body.errors[0] && body.errors[0].extensions && body.errors[0].extensions.code;
        sent += 1;
        if (response.status === 429 && code === 'RATE_LIMITED') { limited += 1; continue; }
        if (request.refusedAs ? code !== request.refusedAs : !body.data || (body.errors && body.errors.length)) {
          throw new Error('expected ' + (request.refusedAs || 'data') + ', got ' + response.status + ' ' + JSON.stringify(body.errors || body).slice(0, 300));
        }
      }
    });
    Promise.all(loops).then(() => parentPort.postMessage({ sent, limited, seconds: (performance.now() - started) / 1000 }), (error) => parentPort.postMessage({ error: error.message }));`,
    { eval: true, workerData: { url, authorization, requests, clients } },
  );
  const done = new Promise<{ sent: number; limited: number; seconds: number }>((resolve, reject) => {
    worker.once('message', (result: { sent: number; limited: number; seconds: number; error?: string }) => (result.error ? reject(new Error(result.error)) : resolve(result)));
    worker.once('error', reject);
  });
  done.catch(() => undefined); // judged when stopped
  return {
    async stop() {
      worker.postMessage('stop');
      try {
        return await done;
      } finally {
        await worker.terminate();
      }
    },
  };
}

/**
 * The largest page of a brand's SKUs (with stock and nodes) a role's budget still admits: the
 * most expensive query that role may send. Found from the gateway's own estimate.
 */
async function maxBudgetQuery(url: string, headers: Record<string, string>, brand: string): Promise<{ query: string; estimate: string }> {
  const page = (n: number) => `{ brand(slug: "${brand}") { name skus(first: ${n}) { nodes { code available stock { available node { code kind } } } } } }`;
  let [low, high] = [1, 500];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: page(mid) }) });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    if (body.errors?.some((e) => e.extensions?.code === 'COST_LIMIT_EXCEEDED')) high = mid - 1;
    else low = mid;
  }
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: page(low) }) });
  return { query: page(low), estimate: `skus(first: ${low}), ${response.headers.get('x-trellis-cost')}` };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  process.env.TRELLIS_TEST_SERVER_URL = pg.url;
  // Its in-process gateway registers the subgraphs and answers their own calls to the graph; the
  // cases go through gateway processes (below).
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
    // And the capacity for them: the node ships at most its daily capacity (6 000 in the demo), which a run exceeds.
    await stack.subgraphs.inventory.dataSource.query('UPDATE fulfillment_node SET daily_capacity = 1000000 WHERE id = $1', [node]);

    const reservedBefore = new Map(
      ((await stack.subgraphs.inventory.dataSource.query('SELECT sku_id, node_id, reserved FROM stock_position')) as PositionRow[]).map((p) => [`${p.sku_id}/${p.node_id}`, p.reserved]),
    );
    const results: Result[] = [];
    const run = async (name: string, request: LoadRequest | ((i: number) => Promise<void>), concurrency = CONCURRENCY) => {
      if (ONLY && !name.includes(ONLY)) return;
      await drive(`${name} (warm-up)`, request, concurrency).catch(() => undefined);
      const statements = statementCount(stack.subgraphs.inventory.dataSource);
      const r = await drive(name, request, concurrency);
      const inventorySql = (statementCount(stack.subgraphs.inventory.dataSource) - statements) / r.requests;
      results.push(r);
      console.log(`${r.name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(7)}/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   CPU ${r.cpuMs.toFixed(1).padStart(5)} ms/req   inventory SQL ${inventorySql.toFixed(1).padStart(4)}/req`);
    };

    console.log(`Trellis benchmark: ${SECONDS} s per case, ${CONCURRENCY} concurrent clients, ${os.cpus().length} cores, Node ${process.version}\n`);
    const signer = stack.signer;
    const direct = async () => ({
      [SIGNATURE_HEADER]: await signer.sign({ audience: 'brands', method: 'POST', body: JSON.stringify({ query: BRANDS }), principal: GATEWAY_PRINCIPAL, requestId: 'bench' }),
    });
    await run('brands subgraph, direct (signed)', async () => post(stack.subgraphs.brands.url, await direct(), BRANDS));
    // The throughput cases run as the peers do, without a per-caller rate.
    const gateway = (await startGatewayProcess(stack, dir, 'gateway', { COST_RATE_BUDGETS_PER_SECOND: '0' })).url;
    await run('same query through the gateway', gatewayRequest(gateway, admin, BRANDS));
    await run('SKU page, admin (nothing removed)', gatewayRequest(gateway, admin, SKUS));
    await run('SKU page, storefront (cost, margin removed)', gatewayRequest(gateway, storefront, SKUS));
    await run('whole portfolio, 3 subgraphs, 300 SKUs', gatewayRequest(gateway, admin, PORTFOLIO));
    await run('adjustStock (ledger append)', gatewayRequest(gateway, ops, `mutation { adjustStock(skuId: "${sku}", nodeId: "${node}", delta: 1, reason: "bench {{i}}") { onHand } }`));
    await run(
      'routeOrder (lock, plan, reserve, ledger)',
      gatewayRequest(gateway, ops, `mutation { routeOrder(input: { brand: "lumen", orderRef: "bench-${process.pid}-{{i}}", lines: [{ skuId: "${sku}", quantity: 1 }], destinationRegion: "EU-CENTRAL" }) { id } }`),
    );
    // As a routing client sends it: one operation, the order in variables (the gateway plans it once).
    const ROUTE = 'mutation Route($input: RouteOrderInput!) { routeOrder(input: $input) { id } }';
    await run(
      'routeOrder, one operation with variables',
      gatewayRequest(gateway, ops, ROUTE, { input: { brand: 'lumen', orderRef: `bench-${process.pid}-v{{i}}`, lines: [{ skuId: sku, quantity: 1 }], destinationRegion: 'EU-CENTRAL' } }),
    );

    await checkStock(stack, sku, node, reservedBefore);
    if (ONLY) return;

    // Demand control under abuse: one brand's storefront loops over operations the gateway refuses
    // (three-deep nesting of 500-SKU pages, 1 000 aliases) and the most expensive query its budget
    // admits; another brand's storefront asks its small query. Its latency, against an idle run.
    const victim = { authorization: `Bearer ${await token({ roles: ['storefront'], brands: ['lumen'], sub: 'bench:lumen-storefront' })}` };
    const guarded = await startGatewayProcess(stack, dir, 'gateway-guarded');
    const SMALL = '{ brand(slug: "lumen") { name skus(first: 5) { nodes { code available } } } }';
    const nest = (levels: number, leaf = 'code') => Array.from({ length: levels }).reduce<string>((inner) => `brand { skus(first: 500) { nodes { ${inner} } } }`, leaf);
    const DEEP = `{ brands { skus(first: 500) { nodes { ${nest(2)} } } } }`;
    const ALIASES = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: brand(slug: "halden") { skus(first: 20) { nodes { stock { available } } } }`).join(' ')} }`;
    // Found on the unguarded gateway: the search itself sends refused operations.
    const maxBudget = await maxBudgetQuery(gateway, storefront, 'halden');
    const refusals: AbuseRequest[] = [
      { query: DEEP, refusedAs: 'COST_LIMIT_EXCEEDED' },
      { query: ALIASES, refusedAs: 'TOKEN_LIMIT_EXCEEDED' },
    ];
    const expensive: AbuseRequest = { query: maxBudget.query, refusedAs: null };
    const VICTIMS = 2;
    const ATTACKERS = 6;
    const gateways = { 'no caller rate': gateway, [`caller rate ${DEFAULT_CALLER_RATE.budgetsPerSecond} budgets/s`]: guarded.url };
    const abuseRates: Record<string, string> = {};
    const abuses: Record<string, { name: string; idle: string }> = {};
    const kinds = { refused: refusals, 'max-budget': [expensive], both: [...refusals, expensive] };
    for (const [label, url] of Object.entries(gateways)) {
      const idle = `lumen small query, ${VICTIMS} clients, idle, ${label}`;
      await run(idle, gatewayRequest(url, victim, SMALL), VICTIMS);
      for (const [kind, requests] of Object.entries(kinds)) {
        const name = `  halden sending ${kind}, ${label}`;
        // Each abuse starts from a full bucket (a new caller), as a new attacker would.
        const abuser = { authorization: `Bearer ${await token({ roles: ['storefront'], brands: ['halden'], sub: `bench:halden-${kind}-${label}` })}` };
        const abusing = startAbuse(url, abuser.authorization, requests, ATTACKERS);
        let sent: { sent: number; limited: number; seconds: number } | undefined;
        try {
          await run(name, gatewayRequest(url, victim, SMALL), VICTIMS);
        } finally {
          sent = await abusing.stop();
        }
        abuses[name] = { name: `${kind}, ${label}`, idle };
        abuseRates[name] = `${(sent.sent / sent.seconds).toFixed(0)}/s, ${Math.round((100 * sent.limited) / Math.max(1, sent.sent))} % 429`;
      }
    }

    const by = (name: string) => results.find((r) => r.name === name)!;
    const ratio = (a: string, b: string) => `${(by(a).p50 / by(b).p50).toFixed(2)}× p50, ${(by(b).perSecond / by(a).perSecond).toFixed(2)}× throughput`;
    console.log('\nRatios (same run):');
    console.log(`  gateway vs direct subgraph:             ${ratio('same query through the gateway', 'brands subgraph, direct (signed)')}`);
    console.log(`  governance filtering vs none:           ${ratio('SKU page, storefront (cost, margin removed)', 'SKU page, admin (nothing removed)')}`);
    console.log(`  routeOrder vs adjustStock:              ${ratio('routeOrder (lock, plan, reserve, ledger)', 'adjustStock (ledger append)')}`);
    console.log(`  another brand's small query, while one storefront (${ATTACKERS} clients, no pause, ignoring Retry-After) sends …`);
    for (const [name, abuse] of Object.entries(abuses)) {
      const abused = by(name);
      const idle = by(abuse.idle);
      console.log(`    ${`${abuse.name} (${abuseRates[name]})`.padEnd(64)} vs idle: ${(abused.p50 / idle.p50).toFixed(2)}× p50, ${(abused.p99 / idle.p99).toFixed(2)}× p99`);
    }
    console.log(`    refused: three-deep nesting of 500-SKU pages (COST_LIMIT_EXCEEDED) and 1 000 aliases (TOKEN_LIMIT_EXCEEDED), alternately`);
    console.log(`    max-budget: ${maxBudget.estimate}`);
  } finally {
    await stopAll();
    await stack.stop();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface PositionRow {
  sku_id: string;
  node_id: string;
  reserved: number;
  available: number;
}

/**
 * Zero oversell, checked after the write cases: no stock position whose reserved units grew promises
 * more than it holds (on hand − reserved − safety stock < 0), the bench position's reserved units are exactly its
 * active reservations', and the inventory ledger's chain still verifies.
 */
async function checkStock(stack: Stack, sku: string, node: string, reservedBefore: Map<string, number>): Promise<void> {
  const db = stack.subgraphs.inventory.dataSource;
  // Oversold by this run: a position that reserved more and now promises more than it holds. (Some
  // demo positions start below their safety stock; that is not an oversell.)
  const oversold = ((await db.query('SELECT sku_id, node_id, reserved, on_hand - reserved - safety_stock AS available FROM stock_position')) as PositionRow[]).filter(
    (p) => p.reserved < 0 || (p.reserved > (reservedBefore.get(`${p.sku_id}/${p.node_id}`) ?? 0) && p.available < 0),
  ).length;
  const [position] = await db.query(
    `SELECT sp.reserved, (SELECT COALESCE(sum(quantity), 0)::int FROM reservation r WHERE r.sku_id = sp.sku_id AND r.node_id = sp.node_id AND r.status = 'ACTIVE') AS active,
            (SELECT count(*)::int FROM routing_decision d WHERE d.order_ref LIKE 'bench-%') AS orders
       FROM stock_position sp WHERE sp.sku_id = $1 AND sp.node_id = $2`,
    [sku, node],
  );
  const chain = await verifyLedger(db.manager);
  console.log(
    `\nInvariants after the write cases: oversold positions ${oversold}; bench position reserved ${position.reserved} = active reservations ${position.active} ` +
      `(${position.orders} routed orders): ${position.reserved === position.active ? 'yes' : 'NO'}; inventory ledger verifies: ${chain.ok ? `yes (${chain.checkedEntries} entries)` : `NO (broken at ${chain.firstBrokenSeq})`}`,
  );
  if (oversold !== 0 || position.reserved !== position.active || !chain.ok) throw new Error('stock or ledger invariant broken: see above');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
