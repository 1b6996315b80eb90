import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../shared/src/db/embedded-postgres';
import { DEMO_NODES } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { DEFAULT_RESILIENCE } from '../gateway/src/resilience/subgraph-policies';
import { freePort } from './support/free-port';
import { Stack, token, type GraphQLResponse } from './support/stack';

/**
 * Chaos under steady load: clients keep reading across the three subgraphs and routing orders for
 * a SKU with little stock (and one with plenty) while the inventory subgraph dies hard and comes
 * back, and then PostgreSQL itself stops and starts again on the same data. Afterwards: no unit is
 * reserved twice, every accepted order is in the database with its reservations and ledger entry,
 * every ledger chain verifies; the gateway served what did not need inventory throughout; while
 * PostgreSQL was away every failure was a clean code; and everything recovered without a restart.
 *
 * This stack has a PostgreSQL of its own: the run's shared one serves other test files meanwhile.
 */
const SKU_SCARCE = stableId('sku:LUM-008');
const SKU_PLENTY = stableId('sku:LUM-009');
const node = (code: string) => DEMO_NODES.find((n) => n.code === code)!.id;
const SCARCE_STOCK: Record<string, number> = { [node('WH-CENTRAL')]: 6, [node('WH-SOUTH')]: 4 };

type Phase = 'warm' | 'inventory-down' | 'inventory-back' | 'database-down' | 'database-back' | 'recovered';

interface Read {
  name: string;
  query: string;
  needs: ('brands' | 'inventory' | 'partners')[];
}
const READS: Read[] = [
  { name: 'brands', query: '{ brands { slug lifecycle } }', needs: ['brands'] },
  { name: 'partners', query: '{ partners { name status } }', needs: ['partners'] },
  { name: 'inventory', query: '{ skuByCode(code: "LUM-001") { code available } }', needs: ['inventory'] },
  { name: 'all three', query: '{ brand(slug: "lumen") { name skus(first: 3) { nodes { code available } } partners { name } } }', needs: ['brands', 'inventory', 'partners'] },
];

interface Outcome {
  kind: string;
  needs: string[];
  /** The phase it started and ended in: only requests wholly inside one phase are judged by it. */
  from: Phase;
  to: Phase;
  ok: boolean;
  codes: string[];
}
interface Order {
  orderRef: string;
  skuId: string;
  quantity: number;
  from: Phase;
  to: Phase;
  decisionId?: string;
  reservations?: { id: string; quantity: number }[];
  codes: string[];
}

let pg: EmbeddedPostgresHandle;
let dir: string;
let port: number;
let stack: Stack;
let phase: Phase = 'warm';
let loadRunning = true;
const reads: Outcome[] = [];
const orders: Order[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-chaos-'));
  port = await freePort();
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port });
  stack = await Stack.start({
    serverUrl: pg.url,
    // Fail fast and probe soon, so the test sees both the outage and the recovery in seconds.
    gateway: { resilience: { ...DEFAULT_RESILIENCE, timeoutMs: 3_000, consecutiveFailures: 3, halfOpenAfterMs: 500 } },
  });
  const inventory = stack.subgraphs.inventory.dataSource;
  for (const sku of [SKU_SCARCE, SKU_PLENTY]) await inventory.query('UPDATE stock_position SET on_hand = 0, reserved = 0, safety_stock = 0 WHERE sku_id = $1', [sku]);
  const stock: [string, string, number][] = [...Object.entries(SCARCE_STOCK).map(([at, units]) => [SKU_SCARCE, at, units] as [string, string, number]), [SKU_PLENTY, node('WH-CENTRAL'), 100_000]];
  for (const [sku, at, units] of stock) {
    await inventory.query(
      `INSERT INTO stock_position (sku_id, node_id, on_hand, reserved, safety_stock) VALUES ($1, $2, $3, 0, 0)
       ON CONFLICT (sku_id, node_id) DO UPDATE SET on_hand = $3, reserved = 0, safety_stock = 0`,
      [sku, at, units],
    );
  }
}, 120_000);

afterAll(async () => {
  loadRunning = false;
  await stack?.stop().catch(() => undefined);
  await pg?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const codesOf = (response: GraphQLResponse) => [...new Set((response.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE')))];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request the gateway could not even answer counts as a failure with its own code. */
async function ask(query: string, variables?: Record<string, unknown>, as?: string): Promise<GraphQLResponse> {
  return stack.query(query, variables, as).catch((error: Error) => ({ status: 0, errors: [{ message: error.message, extensions: { code: 'GATEWAY_UNREACHABLE' } }] }));
}

async function reader(offset: number): Promise<void> {
  for (let i = offset; loadRunning; i++) {
    const read = READS[i % READS.length]!;
    const from = phase;
    const response = await ask(read.query);
    reads.push({ kind: read.name, needs: read.needs, from, to: phase, ok: response.status === 200 && !response.errors, codes: codesOf(response) });
    await pause(15);
  }
}

let orderCount = 0;
async function router(ops: string): Promise<void> {
  while (loadRunning) {
    const n = orderCount++;
    const order: Order = { orderRef: `CHAOS-${n}`, skuId: n % 2 ? SKU_PLENTY : SKU_SCARCE, quantity: n % 2 ? 1 : 2, from: phase, to: phase, codes: [] };
    const response = await ask(
      'mutation($input: RouteOrderInput!) { routeOrder(input: $input) { id reservations { id quantity } } }',
      { input: { brand: 'lumen', orderRef: order.orderRef, destinationRegion: 'EU-CENTRAL', promise: 'STANDARD', lines: [{ skuId: order.skuId, quantity: order.quantity }] } },
      ops,
    );
    order.to = phase;
    order.codes = codesOf(response);
    if (response.data?.routeOrder) {
      order.decisionId = response.data.routeOrder.id;
      order.reservations = response.data.routeOrder.reservations;
    }
    orders.push(order);
    await pause(25);
  }
}

/** Waits (within a deadline) until every kind of read and an order succeed: the graph has recovered. */
async function untilRecovered(ops: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answers = await Promise.all(READS.map((r) => ask(r.query)));
    const routed = await ask(
      'mutation($input: RouteOrderInput!) { routeOrder(input: $input) { id } }',
      { input: { brand: 'lumen', orderRef: `PROBE-${Date.now()}`, destinationRegion: 'EU-CENTRAL', promise: 'STANDARD', lines: [{ skuId: SKU_PLENTY, quantity: 1 }] } },
      ops,
    );
    if ([...answers, routed].every((a) => a.status === 200 && !a.errors)) return;
    if (Date.now() > deadline) throw new Error(`not recovered: ${JSON.stringify([...answers, routed].map(codesOf))}`);
    await pause(200);
  }
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the load did not get there in time');
    await pause(50);
  }
}

/** Lets the load run until it has made `count` more requests of some kind (never a fixed time alone). */
async function whileLoad(count: number, minimumMs: number): Promise<void> {
  const target = reads.length + count;
  const started = Date.now();
  while (reads.length < target || Date.now() - started < minimumMs) await pause(50);
}

it('keeps every unit and every accepted order through a killed subgraph and a PostgreSQL restart, and recovers by itself', async () => {
  const ops = await token({ roles: ['operations'], sub: 'chaos@ops' });
  const load = Promise.all([reader(0), reader(1), reader(2), reader(3), router(ops), router(ops)]);

  await whileLoad(20, 1_500);
  await until(() => orders.some((o) => o.skuId === SKU_PLENTY && o.decisionId));

  // Some reservations fall due, for the expiry sweep the restarted subgraph runs at once.
  await stack.subgraphs.inventory.dataSource.query("UPDATE reservation SET expires_at = now() - interval '1 minute' WHERE status = 'ACTIVE' AND sku_id = $1", [SKU_PLENTY]);

  // 1. The inventory subgraph dies hard (no draining; PostgreSQL rolls back what it had in flight)…
  phase = 'inventory-down';
  await stack.stopSubgraph('inventory');
  await whileLoad(30, 2_000);
  // …and comes back on the same port and database.
  phase = 'inventory-back';
  await stack.restartSubgraph('inventory');
  await untilRecovered(ops);
  await whileLoad(10, 500);

  // 2. PostgreSQL stops (sessions ended under the services) and starts again on the same data.
  const running = { ...stack.subgraphs };
  phase = 'database-down';
  await pg.stop();
  await whileLoad(30, 2_000);
  // Every subgraph says it cannot serve (its /health answers 503), so the gateway is not ready; it still lives.
  const notReady = await fetch(`${stack.baseUrl}/readyz`);
  expect(notReady.status).toBe(503);
  const readiness = (await notReady.json()) as { subgraphs: { name: string; ok: boolean; detail?: string }[] };
  expect(readiness.subgraphs.map((s) => ({ name: s.name, ok: s.ok }))).toEqual(
    expect.arrayContaining(['brands', 'inventory', 'partners'].map((name) => ({ name, ok: false }))),
  );
  const health = await fetch(stack.subgraphs.inventory.url.replace(/\/graphql$/, '/health'));
  expect({ status: health.status, body: await health.json() }).toMatchObject({ status: 503, body: { status: 'unavailable', code: 'DATABASE_UNAVAILABLE' } });
  expect((await fetch(`${stack.baseUrl}/healthz`)).status).toBe(200);
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port });
  phase = 'database-back';
  await untilRecovered(ops);
  expect((await fetch(`${stack.baseUrl}/readyz`)).status).toBe(200);
  phase = 'recovered';
  await whileLoad(30, 1_500);

  loadRunning = false;
  await load;

  // Nothing was restarted to recover from the database outage.
  expect(stack.subgraphs).toEqual(running);

  // The load really ran through every phase.
  const within = (p: Phase) => reads.filter((r) => r.from === p && r.to === p);
  for (const p of ['warm', 'inventory-down', 'database-down', 'recovered'] as Phase[]) expect({ phase: p, reads: within(p).length > 5 }).toEqual({ phase: p, reads: true });
  expect(orders.filter((o) => o.decisionId).length).toBeGreaterThan(10);

  // While inventory was down, everything that did not need it was served, every time.
  const spared = within('inventory-down').filter((r) => !r.needs.includes('inventory'));
  expect(new Set(spared.map((r) => r.kind))).toEqual(new Set(['brands', 'partners']));
  expect(spared.filter((r) => !r.ok)).toEqual([]);
  // What needed it failed cleanly, naming it.
  for (const r of within('inventory-down').filter((r) => !r.ok)) expect(r.codes).toEqual(['SUBGRAPH_UNAVAILABLE']);

  // While PostgreSQL was away: clean codes only — never a crash, never INTERNAL_SERVER_ERROR.
  const clean = new Set(['DATABASE_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE', 'INSUFFICIENT_STOCK']);
  const aroundOutage = (p: Phase) => p === 'database-down' || p === 'database-back';
  const outageCodes = [...reads.filter((r) => aroundOutage(r.from) || aroundOutage(r.to)), ...orders.filter((o) => aroundOutage(o.from) || aroundOutage(o.to))].flatMap((r) => r.codes);
  expect(outageCodes.filter((c) => !clean.has(c))).toEqual([]);
  expect(outageCodes).toContain('DATABASE_UNAVAILABLE');
  // And once recovered, everything is served again.
  expect(within('recovered').filter((r) => !r.ok)).toEqual([]);
  // Orders are refused only for stock, or while something is down; never for anything else.
  expect(new Set(orders.flatMap((o) => o.codes).filter((c) => !clean.has(c)))).toEqual(new Set());

  const inventoryDb = new Client({ connectionString: stack.databaseUrl('inventory') });
  await inventoryDb.connect();
  try {
    // No unit reserved twice: reserved is exactly the sum of the active reservations, and what is
    // held (active and shipped) never exceeds what is on hand.
    const positions: { sku_id: string; node_id: string; on_hand: number; reserved: number; safety_stock: number; active: number; held: number }[] = (
      await inventoryDb.query(
        `SELECT p.sku_id, p.node_id, p.on_hand, p.reserved, p.safety_stock,
                coalesce((SELECT sum(r.quantity) FROM reservation r WHERE r.sku_id = p.sku_id AND r.node_id = p.node_id AND r.status = 'ACTIVE'), 0)::int AS active,
                coalesce((SELECT sum(r.quantity) FROM reservation r WHERE r.sku_id = p.sku_id AND r.node_id = p.node_id AND r.status IN ('ACTIVE', 'COMMITTED')), 0)::int AS held
           FROM stock_position p WHERE p.sku_id = ANY($1)`,
        [[SKU_SCARCE, SKU_PLENTY]],
      )
    ).rows;
    for (const p of positions) {
      expect({ position: `${p.sku_id}@${p.node_id}`, reserved: p.reserved }).toEqual({ position: `${p.sku_id}@${p.node_id}`, reserved: p.active });
      expect(p.held).toBeLessThanOrEqual(p.on_hand);
      expect(p.on_hand - p.reserved - p.safety_stock).toBeGreaterThanOrEqual(0);
    }
    // The restarted subgraph's sweep released what had fallen due, each once, with its entry.
    const expired: { id: string; entries: number }[] = (
      await inventoryDb.query(
        `SELECT r.id, (SELECT count(*)::int FROM ledger_entry e WHERE e.action = 'reservation.expire' AND e.subject_id = r.id::text) AS entries
           FROM reservation r WHERE r.status = 'EXPIRED'`,
      )
    ).rows;
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.filter((r) => r.entries !== 1)).toEqual([]);
    const scarceHeld = positions.filter((p) => p.sku_id === SKU_SCARCE).reduce((sum, p) => sum + p.held, 0);
    expect(scarceHeld).toBeLessThanOrEqual(10);
    // The scarce SKU ran out under the load: the boundary was really exercised.
    expect(orders.some((o) => o.skuId === SKU_SCARCE && o.codes.includes('INSUFFICIENT_STOCK'))).toBe(true);

    // Every accepted order is there: its decision, its reservations as answered, and one ledger entry.
    const accepted = orders.filter((o) => o.decisionId);
    const decisions: { id: string; order_ref: string; reservations: { id: string; quantity: number }[] | null; entries: number }[] = (
      await inventoryDb.query(
        `SELECT d.id, d.order_ref,
                (SELECT json_agg(json_build_object('id', r.id, 'quantity', r.quantity) ORDER BY r.id) FROM reservation r WHERE r.routing_decision_id = d.id) AS reservations,
                (SELECT count(*)::int FROM ledger_entry e WHERE e.action = 'order.route' AND e.subject_id = d.id::text) AS entries
           FROM routing_decision d WHERE d.order_ref LIKE 'CHAOS-%'`,
      )
    ).rows;
    const byId = new Map(decisions.map((d) => [d.id, d]));
    for (const order of accepted) {
      const stored = byId.get(order.decisionId!);
      expect({ order: order.orderRef, stored: !!stored }).toEqual({ order: order.orderRef, stored: true });
      expect(stored!.reservations).toEqual([...order.reservations!].sort((a, b) => a.id.localeCompare(b.id)));
    }
    // Every decision the database holds is whole (reservations and its entry), and belongs to an
    // order that was accepted — or whose answer was lost to the outage (it may have committed) — never to a refused one.
    const outcomeOf = new Map(orders.map((o) => [o.orderRef, o]));
    for (const d of decisions) {
      expect({ decision: d.order_ref, entries: d.entries, reserved: (d.reservations ?? []).length > 0 }).toEqual({ decision: d.order_ref, entries: 1, reserved: true });
      const order = outcomeOf.get(d.order_ref)!;
      if (!order.decisionId) expect({ order: d.order_ref, codes: order.codes.filter((c) => c !== 'SUBGRAPH_UNAVAILABLE' && c !== 'DATABASE_UNAVAILABLE') }).toEqual({ order: d.order_ref, codes: [] });
    }
  } finally {
    await inventoryDb.end();
  }

  // Every ledger chain verifies.
  const ledgers = await stack.query('{ portfolioLedger { verify { ok } } inventoryLedger { verify { ok } } partnerLedger { verify { ok } } }');
  expect(ledgers.errors).toBeUndefined();
  expect(ledgers.data).toEqual({ portfolioLedger: { verify: { ok: true } }, inventoryLedger: { verify: { ok: true } }, partnerLedger: { verify: { ok: true } } });
}, 120_000);
