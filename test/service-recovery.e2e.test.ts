import { DEMO_NODES, partnerIdByKey } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { Stack, token } from './support/stack';

/**
 * Service recovery: a node deactivated or a partner suspended moves the orders open on it under the
 * same rules — each with a new decision linked to the original, within the policy's split — or
 * flags them for a person; a person can reroute an order; no unit is ever reserved twice.
 */
let stack: Stack;
let ops: string;
const db = () => stack.subgraphs.inventory.dataSource;
const EAST = stableId('node:WH-EAST');
const node = (code: string) => (code === 'WH-EAST' ? EAST : DEMO_NODES.find((n) => n.code === code)!.id);

beforeAll(async () => {
  stack = await Stack.start();
  ops = await token({ roles: ['operations'], sub: 'olga@ops' });
  // A third platform warehouse, so a moved order has somewhere to split to (a fixture, straight in the database).
  await db().query(
    `INSERT INTO fulfillment_node (id, code, name, kind, region, operator_type, cost_per_unit, handling_days, daily_capacity, active)
     VALUES ($1, 'WH-EAST', 'Eastern Platform DC, Brno', 'WAREHOUSE', 'EU-CENTRAL', 'PLATFORM', 2.6, 1, 2000, true)`,
    [EAST],
  );
});
afterAll(async () => {
  await stack?.stop();
});
// Each test starts with every node up (a test that fails midway must not fail the next).
afterEach(async () => {
  await db().query('UPDATE fulfillment_node SET active = true WHERE NOT active');
});

/** Sets a SKU's stock at nodes exactly, nothing reserved (a fixture, straight in the inventory database). */
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

const DECISION = 'id orderRef current rerouteReason plan { node { code } quantity } reservations { id status quantity node { code } } reroutedFrom { id current } supersededBy { id }';

async function route(brand: string, orderRef: string, skuId: string, quantity: number, destinationRegion = 'EU-CENTRAL') {
  const { data, errors } = await stack.query(
    `mutation($input: RouteOrderInput!) { routeOrder(input: $input) { ${DECISION} } }`,
    { input: { brand, orderRef, destinationRegion, lines: [{ skuId, quantity }] } },
    ops,
  );
  expect(errors).toBeUndefined();
  return data.routeOrder;
}

async function setActive(code: string, active: boolean, reason = 'Flood in the loading bay') {
  return stack.query(
    `mutation { setNodeActive(nodeId: "${node(code)}", active: ${active}, reason: "${reason}") { node { code active } rerouted { ${DECISION} } exceptions { id orderRef reason cause status lines { quantity } } } }`,
    undefined,
    ops,
  );
}

async function currentDecision(brand: string, orderRef: string) {
  const rows: { id: string }[] = await db().query(
    'SELECT d.id FROM routing_decision d WHERE d.order_ref = $1 AND d.superseded_by_id IS NULL AND d.brand_id = $2',
    [orderRef, stableId(`brand:${brand}`)],
  );
  const { data } = await stack.query(`{ routingDecision(id: "${rows[0]!.id}") { ${DECISION} } }`);
  return data.routingDecision;
}

/** Every position of the SKU reserves exactly what its ACTIVE reservations hold. */
async function expectNoUnitReservedTwice(skuId: string) {
  const rows: { code: string; reserved: number; held: number; on_hand: number; safety_stock: number }[] = await db().query(
    `SELECT n.code, sp.reserved, sp.on_hand, sp.safety_stock,
            coalesce((SELECT sum(r.quantity) FROM reservation r WHERE r.sku_id = sp.sku_id AND r.node_id = sp.node_id AND r.status = 'ACTIVE'), 0)::int AS held
       FROM stock_position sp JOIN fulfillment_node n ON n.id = sp.node_id WHERE sp.sku_id = $1`,
    [skuId],
  );
  for (const row of rows) {
    expect({ node: row.code, reserved: row.reserved }).toEqual({ node: row.code, reserved: row.held });
    expect(row.on_hand - row.reserved - row.safety_stock).toBeGreaterThanOrEqual(0);
  }
}

describe('deactivating a node with open reservations', () => {
  it('reroutes each order under the same rules, with a new decision linked to the original, and reserves no unit twice', async () => {
    const sku = stableId('sku:LUM-010');
    await setStock(sku, { 'WH-CENTRAL': 20, 'WH-SOUTH': 20 });
    const originals = [await route('lumen', 'SR-1', sku, 2), await route('lumen', 'SR-2', sku, 2), await route('lumen', 'SR-3', sku, 3)];
    for (const o of originals) expect(o.plan).toEqual([{ node: { code: 'WH-CENTRAL' }, quantity: expect.any(Number) }]);

    const { data, errors } = await setActive('WH-CENTRAL', false);
    expect(errors).toBeUndefined();
    expect(data.setNodeActive.node).toEqual({ code: 'WH-CENTRAL', active: false });
    expect(data.setNodeActive.exceptions).toEqual([]);
    // The sweep may have moved one first; either way every order now ships from WH-SOUTH, linked to its original.
    for (const original of originals) {
      const now = await currentDecision('lumen', original.orderRef);
      expect(now.id).not.toBe(original.id);
      expect(now).toMatchObject({
        current: true,
        plan: [{ node: { code: 'WH-SOUTH' }, quantity: original.plan[0].quantity }],
        reroutedFrom: { id: original.id, current: false },
        rerouteReason: expect.stringMatching(/WH-CENTRAL deactivated/),
      });
      expect(now.reservations).toEqual([{ id: expect.any(String), status: 'ACTIVE', quantity: original.plan[0].quantity, node: { code: 'WH-SOUTH' } }]);
      const before = (await stack.query(`{ routingDecision(id: "${original.id}") { current supersededBy { id } reservations { status } } }`)).data.routingDecision;
      expect(before).toEqual({ current: false, supersededBy: { id: now.id }, reservations: [{ status: 'REROUTED' }] });
    }
    await expectNoUnitReservedTwice(sku);

    // Routing the same order again answers with the decision now in force and reserves nothing.
    const again = await route('lumen', 'SR-1', sku, 2);
    expect(again.plan).toEqual([{ node: { code: 'WH-SOUTH' }, quantity: 2 }]);
    await expectNoUnitReservedTwice(sku);

    const ledger = await stack.query('{ brand(slug: "lumen") { inventoryLedger(first: 10, actions: ["order.reroute"]) { nodes { action subject { id } before after reason } } } }');
    const reroutes = ledger.data.brand.inventoryLedger.nodes;
    expect(reroutes).toHaveLength(3);
    expect(reroutes.map((e: any) => e.after.reroutedFrom).sort()).toEqual(originals.map((o) => o.id).sort());
    const nodeEntries = await stack.query(`{ inventoryLedger { entries(subjectId: "${node('WH-CENTRAL')}", actions: ["node.active.set"]) { nodes { actor { subject } after reason } } } }`);
    expect(nodeEntries.data.inventoryLedger.entries.nodes[0]).toMatchObject({ actor: { subject: 'olga@ops' }, after: { active: false }, reason: 'Flood in the loading bay' });
    expect((await setActive('WH-CENTRAL', true, 'Dry again')).errors).toBeUndefined();
  });

  it('splits a moved order across nodes when no single one has the stock, within the policy’s split', async () => {
    const sku = stableId('sku:LUM-012');
    await setStock(sku, { 'WH-CENTRAL': 8, 'WH-SOUTH': 4, 'WH-EAST': 5 });
    const original = await route('lumen', 'SR-SPLIT', sku, 8);
    expect(original.plan).toEqual([{ node: { code: 'WH-CENTRAL' }, quantity: 8 }]);
    expect((await setActive('WH-CENTRAL', false)).errors).toBeUndefined();
    const now = await currentDecision('lumen', 'SR-SPLIT');
    expect(now.plan).toEqual([
      { node: { code: 'WH-EAST' }, quantity: expect.any(Number) },
      { node: { code: 'WH-SOUTH' }, quantity: expect.any(Number) },
    ]);
    expect(now.plan.reduce((s: number, a: any) => s + a.quantity, 0)).toBe(8);
    await expectNoUnitReservedTwice(sku);
    expect((await setActive('WH-CENTRAL', true, 'Dry again')).errors).toBeUndefined();
  });

  it('flags an order no node can take for a person, keeps its reservation, and lets a person reroute it once stock is there', async () => {
    const sku = stableId('sku:LUM-013');
    await setStock(sku, { 'WH-CENTRAL': 8, 'WH-SOUTH': 2, 'WH-EAST': 2 });
    const original = await route('lumen', 'SR-STUCK', sku, 8);
    const { data } = await setActive('WH-CENTRAL', false);
    const flagged = data.setNodeActive.exceptions.find((x: any) => x.orderRef === 'SR-STUCK')
      ?? (await stack.query('{ routingExceptions { id orderRef reason cause status lines { quantity } } }')).data.routingExceptions.find((x: any) => x.orderRef === 'SR-STUCK');
    expect(flagged).toMatchObject({ reason: 'INSUFFICIENT_STOCK', cause: 'INACTIVE', status: 'OPEN', lines: [{ quantity: 8 }] });
    const still = await currentDecision('lumen', 'SR-STUCK');
    expect(still.id).toBe(original.id);
    expect(still.reservations).toEqual([{ id: expect.any(String), status: 'ACTIVE', quantity: 8, node: { code: 'WH-CENTRAL' } }]);
    await expectNoUnitReservedTwice(sku);

    // A person cannot move it while no node has the stock: refused, nothing changes.
    const ledgerBefore = (await stack.query('{ inventoryLedger { length } }')).data.inventoryLedger.length;
    const refused = await stack.query('mutation { rerouteOrder(orderRef: "SR-STUCK", reason: "Customer is waiting") { id } }', undefined, ops);
    expect(refused.errors?.[0]?.extensions?.code).toBe('INSUFFICIENT_STOCK');
    expect((await stack.query('{ inventoryLedger { length } }')).data.inventoryLedger.length).toBe(ledgerBefore);

    // Stock arrives at WH-SOUTH; the person reroutes, and the exception is resolved.
    const received = await stack.query(`mutation { adjustStock(skuId: "${sku}", nodeId: "${node('WH-SOUTH')}", delta: 10, reason: "Inbound PO 4411") { onHand } }`, undefined, ops);
    expect(received.errors).toBeUndefined();
    const moved = await stack.query(`mutation { rerouteOrder(orderRef: "SR-STUCK", brand: "lumen", reason: "Stock arrived at Verona") { ${DECISION} } }`, undefined, ops);
    expect(moved.errors).toBeUndefined();
    expect(moved.data.rerouteOrder).toMatchObject({ plan: [{ node: { code: 'WH-SOUTH' }, quantity: 8 }], reroutedFrom: { id: original.id } });
    const exceptions = await stack.query('{ brand(slug: "lumen") { routingExceptions(status: RESOLVED) { orderRef resolvedBy status } } }');
    expect(exceptions.data.brand.routingExceptions).toContainEqual({ orderRef: 'SR-STUCK', resolvedBy: 'olga@ops', status: 'RESOLVED' });
    await expectNoUnitReservedTwice(sku);
    expect((await setActive('WH-CENTRAL', true, 'Dry again')).errors).toBeUndefined();
  });

  it('keeps every unit reserved once while orders, shipments and the deactivation run at the same time', async () => {
    const busy = stableId('sku:LUM-011');
    await setStock(busy, { 'WH-CENTRAL': 40, 'WH-SOUTH': 80 });
    const first = await Promise.all(Array.from({ length: 12 }, (_, i) => route('lumen', `SR-RUSH-${i}`, busy, 2)));
    const toShip = first.slice(0, 5).map((d) => d.reservations[0].id);
    const results = await Promise.all([
      setActive('WH-CENTRAL', false, 'Power cut'),
      ...Array.from({ length: 12 }, (_, i) =>
        stack.query(
          `mutation($input: RouteOrderInput!) { routeOrder(input: $input) { id } }`,
          { input: { brand: 'lumen', orderRef: `SR-RUSH-LATE-${i}`, destinationRegion: 'EU-CENTRAL', lines: [{ skuId: busy, quantity: 2 }] } },
          ops,
        ),
      ),
      ...toShip.map((id) => stack.query(`mutation { commitReservation(id: "${id}", reason: "Shipped") { status } }`, undefined, ops)),
      stack.query('mutation { sweepReroutes(reason: "Power cut at Kassel") { rerouted { id } } }', undefined, ops),
    ]);
    // A shipment may lose the race to the reroute (RESERVATION_NOT_ACTIVE); nothing else may fail.
    const codes = results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code);
    expect(codes.every((c) => c === 'RESERVATION_NOT_ACTIVE')).toBe(true);
    await expectNoUnitReservedTwice(busy);
    const [{ n }] = await db().query(
      "SELECT count(*)::int AS n FROM reservation WHERE sku_id = $1 AND node_id = $2 AND status = 'ACTIVE'",
      [busy, node('WH-CENTRAL')],
    );
    expect(n).toBe(0);
    const verify = await stack.query('{ inventoryLedger { verify { ok } } }');
    expect(verify.data.inventoryLedger.verify.ok).toBe(true);
    expect((await setActive('WH-CENTRAL', true, 'Power back')).errors).toBeUndefined();
  }, 60_000);
});

describe('a suspended partner', () => {
  it('has the orders open on its nodes flagged for a person when the brand has nowhere else to ship', async () => {
    const sku = stableId('sku:HAL-004');
    await setStock(sku, { '3PL-LEEDS': 10, 'ST-LONDON': 10 });
    const original = await route('halden', 'SR-HAL-1', sku, 1, 'UK');
    expect(original.plan).toEqual([{ node: { code: '3PL-LEEDS' }, quantity: 1 }]);
    const suspended = await stack.query(
      `mutation { setPartnerStatus(partnerId: "${partnerIdByKey('swiftlane')}", status: SUSPENDED, reason: "Warehouse strike") { status } }`,
      undefined,
      ops,
    );
    expect(suspended.errors).toBeUndefined();
    const sweep = await stack.query('mutation { sweepReroutes(reason: "Swiftlane suspended") { rerouted { id } exceptions { orderRef cause reason } } }', undefined, ops);
    expect(sweep.errors).toBeUndefined();
    // Halden's fulfillment is decided PARTNER and Swiftlane runs its only partner nodes: flagged (by this sweep, or the scheduled one).
    const open = await stack.query('{ brand(slug: "halden") { routingExceptions { orderRef cause reason status } } }');
    expect(open.data.brand.routingExceptions).toContainEqual({ orderRef: 'SR-HAL-1', cause: 'PARTNER_SUSPENDED', reason: 'NO_ELIGIBLE_NODE', status: 'OPEN' });
    const ledger = await stack.query('{ brand(slug: "halden") { inventoryLedger(first: 5, actions: ["order.reroute.failed", "routing.recovery.sweep"]) { nodes { action actor { subject } } } } }');
    expect(ledger.data.brand.inventoryLedger.nodes.map((e: any) => e.action)).toContain('order.reroute.failed');
    await stack.query(`mutation { setPartnerStatus(partnerId: "${partnerIdByKey('swiftlane')}", status: ACTIVE, reason: "Strike over") { status } }`, undefined, ops);
  });
});
