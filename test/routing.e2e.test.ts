import { DEMO_NODES } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { expireReservations } from '../subgraphs/inventory/src/routing/expire-reservations';
import type { RoutingServices } from '../subgraphs/inventory/src/routing/routing-services';
import { Stack, token } from './support/stack';

let stack: Stack;
let ops: string;
const node = (code: string) => DEMO_NODES.find((n) => n.code === code)!.id;
const db = () => stack.subgraphs.inventory.dataSource;

beforeAll(async () => {
  stack = await Stack.start();
  ops = await token({ roles: ['operations'], sub: 'olga@ops' });
});
afterAll(async () => {
  await stack?.stop();
});

/** Sets a SKU's stock at nodes exactly (a test fixture, straight in the inventory database). */
async function setStock(skuId: string, stock: Record<string, number>) {
  await db().query('UPDATE stock_position SET on_hand = 0, reserved = 0, safety_stock = 0 WHERE sku_id = $1', [skuId]);
  for (const [code, onHand] of Object.entries(stock)) {
    await db().query(
      `INSERT INTO stock_position (sku_id, node_id, on_hand, reserved, safety_stock) VALUES ($1, $2, $3, 0, 0)
       ON CONFLICT (sku_id, node_id) DO UPDATE SET on_hand = $3, reserved = 0, safety_stock = 0`,
      [skuId, node(code), onHand],
    );
  }
}

const ROUTE = `mutation($input: RouteOrderInput!) { routeOrder(input: $input) {
  id orderRef split deliveryDays promisedDeliveryDate fulfillmentModel actor
  plan { node { code } sku { code } quantity }
  candidates { node { code } excludedBy deliveryDays scores { cost promiseSlack margin stockDepth total } }
  reservations { id status quantity node { code } } } }`;

const route = (input: Record<string, unknown>, as: string | object = ops) =>
  stack.query(ROUTE, { input: { destinationRegion: 'UK', promise: 'STANDARD', ...input } }, as as never);

describe('a routing decision for a demo order', () => {
  const sku = stableId('sku:HAL-001');
  let decisionId: string;

  it('follows the brand’s fulfillment operating model, shows every candidate, and reserves', async () => {
    await setStock(sku, { 'ST-LONDON': 40, '3PL-LEEDS': 40, 'WH-CENTRAL': 40 });
    const { data, errors } = await route({ brand: 'halden', orderRef: 'HAL-ORDER-1', lines: [{ skuId: sku, quantity: 2 }] });
    expect(errors).toBeUndefined();
    const d = data.routeOrder;
    // Halden's fulfillment is decided PARTNER (an approved exception): only partner-run nodes.
    expect(d.fulfillmentModel).toBe('PARTNER');
    expect(d.plan).toEqual([{ node: { code: '3PL-LEEDS' }, sku: { code: 'HAL-001' }, quantity: 2 }]);
    const byNode = Object.fromEntries(d.candidates.map((c: any) => [c.node.code, c]));
    expect(byNode['ST-LONDON'].excludedBy).toBe('OPERATOR_NOT_ALLOWED');
    expect(byNode['WH-CENTRAL'].excludedBy).toBe('OPERATOR_NOT_ALLOWED');
    expect(byNode['3PL-LEEDS']).toMatchObject({ excludedBy: null, scores: { total: expect.any(Number) } });
    expect(d.reservations).toEqual([{ id: expect.any(String), status: 'ACTIVE', quantity: 2, node: { code: '3PL-LEEDS' } }]);
    expect(d.actor).toBe('olga@ops');
    decisionId = d.id;
    const [{ reserved }] = await db().query('SELECT reserved FROM stock_position WHERE sku_id = $1 AND node_id = $2', [sku, node('3PL-LEEDS')]);
    expect(reserved).toBe(2);
  });

  it('appears in Brand.inventoryLedger and Brand.routingDecisions', async () => {
    const { data } = await stack.query(`{ brand(slug: "halden") {
      inventoryLedger(first: 1, actions: ["order.route"]) { nodes { action actor { subject } subject { type id } after } }
      routingDecisions(first: 1) { id orderRef } } }`);
    expect(data.brand.inventoryLedger.nodes[0]).toMatchObject({ action: 'order.route', actor: { subject: 'olga@ops' }, subject: { type: 'RoutingDecision', id: decisionId } });
    expect(data.brand.routingDecisions[0]).toEqual({ id: decisionId, orderRef: 'HAL-ORDER-1' });
  });

  it('returns the same decision for the same order reference and reserves nothing more', async () => {
    const again = await route({ brand: 'halden', orderRef: 'HAL-ORDER-1', lines: [{ skuId: sku, quantity: 2 }] });
    expect(again.errors).toBeUndefined();
    expect(again.data.routeOrder.id).toBe(decisionId);
    const [{ reserved }] = await db().query('SELECT reserved FROM stock_position WHERE sku_id = $1 AND node_id = $2', [sku, node('3PL-LEEDS')]);
    expect(reserved).toBe(2);
  });

  it('shows the day’s utilisation of the node', async () => {
    const { data } = await stack.query('{ nodeUtilisation { node { code } unitsReserved dailyCapacity utilisation } }');
    expect(data.nodeUtilisation.find((u: any) => u.node.code === '3PL-LEEDS')).toMatchObject({ unitsReserved: 2, dailyCapacity: 2500, utilisation: 0.0008 });
    // The same day named explicitly (the Date scalar hands the resolver a Date, not a string).
    const today = new Date().toISOString().slice(0, 10);
    const named = await stack.query(`query($day: Date) { nodeUtilisation(day: $day) { node { code } day unitsReserved } }`, { day: today });
    expect(named.data.nodeUtilisation.find((u: any) => u.node.code === '3PL-LEEDS')).toMatchObject({ day: today, unitsReserved: 2 });
  });

  it('commits, releases and expires reservations', async () => {
    const two = await route({ brand: 'halden', orderRef: 'HAL-ORDER-2', lines: [{ skuId: sku, quantity: 3 }] });
    const three = await route({ brand: 'halden', orderRef: 'HAL-ORDER-3', lines: [{ skuId: sku, quantity: 4 }] });
    const four = await route({ brand: 'halden', orderRef: 'HAL-ORDER-4', lines: [{ skuId: sku, quantity: 5 }] });
    const stock = async () => (await db().query('SELECT on_hand, reserved FROM stock_position WHERE sku_id = $1 AND node_id = $2', [sku, node('3PL-LEEDS')]))[0];
    expect(await stock()).toEqual({ on_hand: 40, reserved: 14 });

    const shipped = await stack.query(`mutation { commitReservation(id: "${two.data.routeOrder.reservations[0].id}", reason: "Shipped, DPD 123") { status } }`, undefined, ops);
    expect(shipped.data.commitReservation.status).toBe('COMMITTED');
    expect(await stock()).toEqual({ on_hand: 37, reserved: 11 });

    const cancelled = await stack.query(`mutation { releaseReservation(id: "${three.data.routeOrder.reservations[0].id}", reason: "Customer cancelled") { status } }`, undefined, ops);
    expect(cancelled.data.releaseReservation.status).toBe('RELEASED');
    expect(await stock()).toEqual({ on_hand: 37, reserved: 7 });

    const twice = await stack.query(`mutation { releaseReservation(id: "${three.data.routeOrder.reservations[0].id}", reason: "again") { status } }`, undefined, ops);
    expect(twice.errors?.[0]?.extensions?.code).toBe('RESERVATION_NOT_ACTIVE');

    const expired = await expireReservations(db(), new Date(Date.now() + 24 * 3_600_000));
    expect(expired).toBeGreaterThanOrEqual(2); // HAL-ORDER-1 and HAL-ORDER-4
    expect(await stock()).toEqual({ on_hand: 37, reserved: 0 });
    const { data } = await stack.query(`{ routingDecision(id: "${four.data.routeOrder.id}") { reservations { status } } }`);
    expect(data.routingDecision.reservations).toEqual([{ status: 'EXPIRED' }]);
  });
});

describe('200 concurrent orders for 50 units', () => {
  it('reserves exactly 50 units, refuses the rest clearly, never goes negative, and records one entry per decision', async () => {
    const sku = stableId('sku:LUM-007');
    await setStock(sku, { 'WH-CENTRAL': 30, 'WH-SOUTH': 20 });
    const ledgerBefore = (await stack.query('{ inventoryLedger { length } }')).data.inventoryLedger.length;

    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        route({ brand: 'lumen', orderRef: `LUM-RUSH-${i}`, destinationRegion: 'EU-CENTRAL', lines: [{ skuId: sku, quantity: 1 }] }),
      ),
    );
    const routed = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(routed).toHaveLength(50);
    expect(new Set(refused.map((r) => r.errors![0]!.extensions!.code))).toEqual(new Set(['INSUFFICIENT_STOCK']));

    const positions: { on_hand: number; reserved: number; safety_stock: number }[] = await db().query(
      'SELECT on_hand, reserved, safety_stock FROM stock_position WHERE sku_id = $1',
      [sku],
    );
    expect(positions.reduce((s, p) => s + p.reserved, 0)).toBe(50);
    for (const p of positions) expect(p.on_hand - p.reserved - p.safety_stock).toBeGreaterThanOrEqual(0);
    const reservedUnits = routed.flatMap((r) => r.data.routeOrder.reservations).reduce((s: number, r: any) => s + r.quantity, 0);
    expect(reservedUnits).toBe(50);

    const { data } = await stack.query('{ inventoryLedger { length verify { ok } } }');
    expect(data.inventoryLedger.length - ledgerBefore).toBe(routed.length);
    expect(data.inventoryLedger.verify.ok).toBe(true);
  }, 120_000);
});

describe('orders that arrive together are routed together', () => {
  const appends = async () => {
    const text = await (await fetch(stack.subgraphs.inventory.url.replace(/\/graphql$/, '/metrics'))).text();
    return Number(/trellis_ledger_append_duration_seconds_count\{[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
  };

  it('in fewer transactions than orders, each order its own: its caller in the ledger, its own error, one decision per reference', async () => {
    const sku = stableId('sku:LUM-009');
    await setStock(sku, { 'WH-CENTRAL': 60 });
    const bad = stableId('sku:HAL-002'); // another brand's SKU
    const callers = await Promise.all(['ana@ops', 'ben@ops', 'cy@ops'].map((sub) => token({ roles: ['operations'], sub })));
    const appendsBefore = await appends();
    const ledgerBefore = (await stack.query('{ inventoryLedger { length } }')).data.inventoryLedger.length;

    const orders = [
      ...Array.from({ length: 45 }, (_, i) => ({ ref: `LUM-TOGETHER-${i}`, lines: [{ skuId: sku, quantity: 1 }], as: callers[i % 3]! })),
      // The same reference twice: one decision.
      { ref: 'LUM-TOGETHER-0', lines: [{ skuId: sku, quantity: 1 }], as: callers[0]! },
      // Fails alone: another brand's SKU, and more than there is.
      { ref: 'LUM-TOGETHER-BAD', lines: [{ skuId: bad, quantity: 1 }], as: callers[1]! },
      { ref: 'LUM-TOGETHER-HUGE', lines: [{ skuId: sku, quantity: 500 }], as: callers[2]! },
    ];
    const results = await Promise.all(orders.map((o) => route({ brand: 'lumen', orderRef: o.ref, destinationRegion: 'EU-CENTRAL', lines: o.lines }, o.as)));

    const byRef = new Map<string, string[]>();
    orders.forEach((o, i) => {
      const r = results[i]!;
      if (!r.errors) byRef.set(o.ref, [...(byRef.get(o.ref) ?? []), r.data.routeOrder.id]);
    });
    expect(results[orders.length - 2]!.errors?.[0]?.extensions?.code).toBe('SKU_NOT_OF_BRAND');
    expect(results[orders.length - 1]!.errors?.[0]?.extensions?.code).toBe('INSUFFICIENT_STOCK');
    expect(byRef.size).toBe(45);
    // Both requests for LUM-TOGETHER-0 answered, with the one decision.
    expect(byRef.get('LUM-TOGETHER-0')).toHaveLength(2);
    expect(new Set(byRef.get('LUM-TOGETHER-0')).size).toBe(1);
    // Every batch committed whole: none of them fell back to routing its orders alone.
    expect((stack.subgraphs.inventory.services as RoutingServices).orders!.fallbacks).toBe(0);

    // 45 decisions, 45 entries, in fewer appends (one per transaction) than orders.
    const appended = (await appends()) - appendsBefore;
    expect(appended).toBeLessThan(45);
    const { data } = await stack.query('{ inventoryLedger { length verify { ok } } }');
    expect(data.inventoryLedger.length - ledgerBefore).toBe(45);
    expect(data.inventoryLedger.verify.ok).toBe(true);
    const entries: { actor_subject: string; request_id: string; subject_id: string }[] = await db().query(
      `SELECT e.actor_subject, e.request_id, e.subject_id FROM ledger_entry e WHERE e.subject_type = 'RoutingDecision' AND e.subject_id = ANY($1::text[])`,
      [[...byRef.values()].flat()],
    );
    expect(entries).toHaveLength(45);
    const decisions: { id: string; order_ref: string; actor_subject: string }[] = await db().query('SELECT id, order_ref, actor_subject FROM routing_decision WHERE id = ANY($1::uuid[])', [
      [...byRef.values()].flat(),
    ]);
    for (const entry of entries) {
      const decision = decisions.find((d) => d.id === entry.subject_id)!;
      const index = Number(decision.order_ref.replace('LUM-TOGETHER-', ''));
      expect(entry.actor_subject).toBe(['ana@ops', 'ben@ops', 'cy@ops'][index % 3]);
      expect(decision.actor_subject).toBe(entry.actor_subject);
    }
    expect(new Set(entries.map((e) => e.request_id)).size).toBe(45);
    const [{ reserved }] = await db().query('SELECT sum(reserved)::int AS reserved FROM stock_position WHERE sku_id = $1', [sku]);
    expect(reserved).toBe(45);
    // One reservation of one unit per decision, each pointing at its own.
    const reservations: { routing_decision_id: string; quantity: number }[] = await db().query(
      'SELECT routing_decision_id, quantity FROM reservation WHERE routing_decision_id = ANY($1::uuid[])',
      [[...new Set([...byRef.values()].flat())]],
    );
    expect(reservations.map((r) => r.routing_decision_id).sort()).toEqual([...new Set([...byRef.values()].flat())].sort());
    expect(reservations.every((r) => r.quantity === 1)).toBe(true);
  }, 60_000);

  it('does not deadlock with a writer that holds today’s usage of a node and then appends to the ledger', async () => {
    // As closing a reservation does: stock, then usage, then the ledger lock (closing-order.ts).
    const sku = stableId('sku:LUM-009');
    await setStock(sku, { 'WH-CENTRAL': 100 });
    const closer = db().createQueryRunner();
    await closer.connect();
    await closer.startTransaction();
    let closed = 'committed';
    try {
      await closer.query(
        `INSERT INTO node_daily_usage (node_id, day, units) VALUES ($1, (now() at time zone 'utc')::date, 0)
         ON CONFLICT (node_id, day) DO UPDATE SET units = GREATEST(node_daily_usage.units + 0, 0)`,
        [node('WH-CENTRAL')],
      );
      const routing = route({ brand: 'lumen', orderRef: `LUM-USAGE-LOCK-${Date.now()}`, destinationRegion: 'EU-CENTRAL', lines: [{ skuId: sku, quantity: 1 }] });
      await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        await closer.query("SELECT pg_advisory_xact_lock(hashtext('trellis.ledger'))");
        await closer.commitTransaction();
      } catch (error) {
        closed = (error as Error).message;
        await closer.rollbackTransaction();
      }
      const { errors } = await routing;
      expect({ closed, errors }).toEqual({ closed: 'committed', errors: undefined });
    } finally {
      await closer.release();
    }
  }, 30_000);
});

describe('bad input changes nothing', () => {
  const halden = stableId('sku:HAL-002');
  it.each([
    ['an unknown SKU', [{ skuId: stableId('sku:NOPE'), quantity: 1 }], 'NOT_FOUND'],
    ['a SKU of another brand', [{ skuId: stableId('sku:LUM-001'), quantity: 1 }], 'SKU_NOT_OF_BRAND'],
    ['a quantity of 0', [{ skuId: halden, quantity: 0 }], 'BAD_USER_INPUT'],
    ['a negative quantity', [{ skuId: halden, quantity: -2 }], 'BAD_USER_INPUT'],
    ['more lines than the limit', Array.from({ length: 26 }, () => ({ skuId: halden, quantity: 1 })), 'BAD_USER_INPUT'],
    ['no lines', [], 'BAD_USER_INPUT'],
  ])('%s', async (_what, lines, code) => {
    const before = await db().query('SELECT sum(reserved)::int AS r, (SELECT count(*)::int FROM ledger_entry) AS l FROM stock_position');
    const { errors } = await route({ brand: 'halden', orderRef: `BAD-${code}-${lines.length}`, lines });
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await db().query('SELECT sum(reserved)::int AS r, (SELECT count(*)::int FROM ledger_entry) AS l FROM stock_position')).toEqual(before);
    expect(await db().query('SELECT count(*)::int AS n FROM routing_decision WHERE order_ref LIKE $1', ['BAD-%'])).toEqual([{ n: 0 }]);
  });
});

describe('who may promise and route', () => {
  const sku = stableId('sku:LUM-003');
  const PROMISE = `query($brand: String!, $sku: ID!) { promise(brand: $brand, lines: [{ skuId: $sku, quantity: 1 }], destinationRegion: "EU-CENTRAL") {
    feasible promisedDeliveryDate deliveryDays plan { node { code } quantity } } }`;

  it('lets a storefront token promise for its own brand only', async () => {
    const storefront = await token({ roles: ['storefront'], brands: ['lumen'] });
    const own = await stack.query(PROMISE, { brand: 'lumen', sku }, storefront);
    expect(own.errors).toBeUndefined();
    expect(own.data.promise).toMatchObject({ feasible: true, promisedDeliveryDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const other = await stack.query(PROMISE, { brand: 'halden', sku: stableId('sku:HAL-003') }, storefront);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_BRAND');
  });

  it('needs the operations role, or a storefront token with the orders:route scope for its own brand, to route', async () => {
    const plain = await route({ brand: 'lumen', orderRef: 'SF-1', destinationRegion: 'EU-CENTRAL', lines: [{ skuId: sku, quantity: 1 }] }, { roles: ['storefront'], brands: ['lumen'] });
    expect(plain.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const scoped = { roles: ['storefront'], scopes: ['orders:route'], brands: ['lumen'] };
    const own = await route({ brand: 'lumen', orderRef: 'SF-2', destinationRegion: 'EU-CENTRAL', lines: [{ skuId: sku, quantity: 1 }] }, scoped);
    // Routed; only the candidates' scores are withheld — they give unit and node costs away.
    expect(own.data.routeOrder.id).toMatch(/^[0-9a-f-]{36}$/);
    expect([...new Set(own.errors?.map((e) => e.extensions?.coordinate))]).toEqual(['RoutingCandidate.scores']);
    const other = await route({ brand: 'halden', orderRef: 'SF-3', lines: [{ skuId: stableId('sku:HAL-003'), quantity: 1 }] }, scoped);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_BRAND');
  });
});

describe('sourcing policy', () => {
  const SET = `mutation($input: SourcingPolicyInput!) { setSourcingPolicy(input: $input) { allowedKinds maxSplit defaultPromiseDays fulfillmentModel allowedOperators isDefault } }`;
  const policy = (brand: string, allowedKinds: string[]) => ({
    brand,
    allowedKinds,
    weights: { cost: 2, promiseSlack: 1, margin: 1, stockDepth: 0.5 },
    maxSplit: 3,
    defaultPromiseDays: 4,
    reason: 'Peak season',
  });

  it('refuses a policy that contradicts the brand’s fulfillment operating model', async () => {
    const { errors } = await stack.query(SET, { input: policy('halden', ['WAREHOUSE', 'STORE']) }, ops);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'POLICY_CONFLICTS_WITH_OPERATING_MODEL', fulfillmentModel: 'PARTNER', allowedOperators: ['PARTNER'] });
  });

  it('sets a consistent policy, shows it on the brand, and records it', async () => {
    const { data, errors } = await stack.query(SET, { input: policy('halden', ['THREE_PL', 'DROPSHIP']) }, ops);
    expect(errors).toBeUndefined();
    expect(data.setSourcingPolicy).toEqual({
      allowedKinds: ['THREE_PL', 'DROPSHIP'],
      maxSplit: 3,
      defaultPromiseDays: 4,
      fulfillmentModel: 'PARTNER',
      allowedOperators: ['PARTNER'],
      isDefault: false,
    });
    const view = await stack.query('{ brand(slug: "halden") { sourcingPolicy { allowedKinds weights { cost } } inventoryLedger(first: 1) { nodes { action reason } } } }');
    expect(view.data.brand.sourcingPolicy).toEqual({ allowedKinds: ['THREE_PL', 'DROPSHIP'], weights: { cost: 2 } });
    expect(view.data.brand.inventoryLedger.nodes[0]).toEqual({ action: 'sourcing.policy.set', reason: 'Peak season' });
  });

  it.each([
    ['no kinds', { allowedKinds: [] }, 'BAD_USER_INPUT'],
    ['a negative weight', { weights: { cost: -1, promiseSlack: 1, margin: 1, stockDepth: 1 } }, 'BAD_USER_INPUT'],
    ['a split of 0', { maxSplit: 0 }, 'BAD_USER_INPUT'],
    ['no reason', { reason: ' ' }, 'REASON_REQUIRED'],
  ])('refuses %s', async (_what, change, code) => {
    const { errors } = await stack.query(SET, { input: { ...policy('lumen', ['WAREHOUSE']), ...change } }, ops);
    expect(errors?.[0]?.extensions?.code).toBe(code);
  });
});

