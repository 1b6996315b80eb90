import { DEMO_CONTRACTS } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { Stack, token } from './support/stack';

/**
 * Clean exits: a contract given notice has a transition plan from its exit terms, and from the exit
 * date routing no longer chooses the partner's nodes for the brand — open orders move off them.
 */
let stack: Stack;
let olga: string;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await Stack.start();
  olga = await token({ roles: ['operations'], sub: 'olga@ops' });
});
afterAll(async () => {
  await stack?.stop();
});

const TRANSITION = 'status exitDate transition { noticeGivenOn exitDate transitionStartsOn routingStopsOn tasks { code dueOn owner } }';

describe('a contract under notice', () => {
  it('shows its transition plan: the demo’s Vellum contract, product content only', async () => {
    const vellum = DEMO_CONTRACTS.find((c) => c.key === 'vellum-aurelia')!.id;
    const { data, errors } = await stack.query(`{ contract(id: "${vellum}") { ${TRANSITION} } }`, undefined, olga);
    expect(errors).toBeUndefined();
    const c = data.contract;
    expect(c.status).toBe('NOTICE_GIVEN');
    expect(c.transition).toMatchObject({ exitDate: c.exitDate, routingStopsOn: null });
    expect(c.transition.tasks.map((t: any) => t.code)).toEqual(['NOTIFY', 'CHOOSE_SUCCESSOR', 'FINAL_AUDIT', 'DATA_HANDOVER', 'CLOSE']);
    expect(c.transition.tasks.every((t: any) => t.dueOn >= c.transition.noticeGivenOn && t.dueOn <= c.exitDate)).toBe(true);
    const active = await stack.query(`{ contract(id: "${DEMO_CONTRACTS.find((x) => x.key === 'swiftlane-northwind')!.id}") { transition { exitDate } } }`, undefined, olga);
    expect(active.data.contract.transition).toBeNull();
  });
});

describe('after the exit date', () => {
  const sku = stableId('sku:HAL-007');
  const route = (orderRef: string, destinationRegion: string) =>
    stack.query(
      `mutation($input: RouteOrderInput!) { routeOrder(input: $input) { id plan { node { code } } candidates { node { code } excludedBy } } }`,
      { input: { brand: 'halden', orderRef, destinationRegion, lines: [{ skuId: sku, quantity: 2 }] } },
      olga,
    );
  let openOrder: string;

  beforeAll(async () => {
    // Halden's item at Swiftlane Leeds and at Meridian's drop-ship, both partner-run (a fixture, straight in the inventory database).
    for (const code of ['3PL-LEEDS', 'DS-MERIDIAN']) {
      await stack.subgraphs.inventory.dataSource.query(
        `INSERT INTO stock_position (sku_id, node_id, on_hand, reserved, safety_stock) VALUES ($1, $2, 20, 0, 0)
         ON CONFLICT (sku_id, node_id) DO UPDATE SET on_hand = 20, reserved = 0, safety_stock = 0`,
        [sku, stableId(`node:${code}`)],
      );
    }
  });

  it('routes to the partner until notice takes effect', async () => {
    const { data, errors } = await route('EXIT-1', 'EU-SOUTH');
    expect(errors).toBeUndefined();
    expect(data.routeOrder.plan).toEqual([{ node: { code: '3PL-LEEDS' } }]);
    openOrder = data.routeOrder.id;
  });

  it('moves the brand’s open orders off the partner’s nodes and routes none there from the exit date', async () => {
    // Swiftlane's notice period is amended to nothing, so notice takes effect today.
    const original = DEMO_CONTRACTS.find((c) => c.key === 'swiftlane-halden')!.id;
    const amended = await stack.query(
      `mutation { amendContract(contractId: "${original}", changes: { exitTerms: { noticeDays: 0, cureDays: 45, transitionDays: 60 } }, reason: "Exit by mutual agreement") { id } }`,
      undefined,
      olga,
    );
    expect(amended.errors).toBeUndefined();
    const notice = await stack.query(`mutation { giveNotice(contractId: "${amended.data.amendContract.id}", reason: "Service levels missed for a quarter") { ${TRANSITION} } }`, undefined, olga);
    expect(notice.errors).toBeUndefined();
    expect(notice.data.giveNotice).toMatchObject({ status: 'NOTICE_GIVEN', exitDate: today(), transition: { routingStopsOn: today() } });
    expect(notice.data.giveNotice.transition.tasks).toContainEqual({ code: 'STOP_ROUTING', dueOn: today(), owner: 'Inventory platform' });

    const sweep = await stack.query('mutation { sweepReroutes(reason: "Swiftlane exit for Halden") { rerouted { reroutedFrom { id } plan { node { code } } rerouteReason } exceptions { orderRef } } }', undefined, olga);
    expect(sweep.errors).toBeUndefined();
    const current = await stack.query(`{ routingDecision(id: "${openOrder}") { current supersededBy { plan { node { code } } reservations { status node { code } } } reservations { status } } }`);
    expect(current.data.routingDecision).toEqual({
      current: false,
      supersededBy: { plan: [{ node: { code: 'DS-MERIDIAN' } }], reservations: [{ status: 'ACTIVE', node: { code: 'DS-MERIDIAN' } }] },
      reservations: [{ status: 'REROUTED' }],
    });
    const ledger = await stack.query('{ brand(slug: "halden") { inventoryLedger(first: 3, actions: ["order.reroute"]) { nodes { after } } } }');
    expect(ledger.data.brand.inventoryLedger.nodes[0].after).toMatchObject({ cause: 'PARTNER_EXITED', movedOff: ['3PL-LEEDS'] });

    const next = await route('EXIT-2', 'EU-SOUTH');
    expect(next.errors).toBeUndefined();
    expect(next.data.routeOrder.plan).toEqual([{ node: { code: 'DS-MERIDIAN' } }]);
    const byNode = Object.fromEntries(next.data.routeOrder.candidates.map((c: any) => [c.node.code, c.excludedBy]));
    expect(byNode['3PL-LEEDS']).toBe('PARTNER_EXITED');
    expect(byNode['3PL-ROTTERDAM']).toBe('PARTNER_EXITED');
    // To the UK only Swiftlane was fast enough: nothing routes there now.
    const uk = await route('EXIT-3', 'UK');
    expect(uk.errors?.[0]?.extensions?.code).toBe('NO_ELIGIBLE_NODE');
    expect(uk.errors![0]!.extensions!.candidates).toContainEqual({ node: '3PL-LEEDS', excludedBy: 'PARTNER_EXITED' });
  });
});
