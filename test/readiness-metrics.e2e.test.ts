import { stableId } from '../shared/src/demo/stable-id';
import type { BrandsServices } from '../subgraphs/brands/src/context';
import { Stack, token } from './support/stack';

/**
 * Orchestration readiness — do not orchestrate before the basics work — and the portfolio metrics,
 * each brand's figures answered by the subgraph that owns them and combined through the gateway.
 */
let stack: Stack;
let ines: string;
let olga: string;
const PERIOD = new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  stack = await Stack.start();
  ines = await token({ roles: ['portfolio-manager'], sub: 'ines@portfolio' });
  olga = await token({ roles: ['operations'], sub: 'olga@ops' });
});
afterAll(async () => {
  await stack?.stop();
});

const READINESS = 'ready score inventoryAccuracy freshness consistency reasons { code met description }';

describe('orchestration readiness', () => {
  it('says which brands’ basics work, and why not', async () => {
    const { data, errors } = await stack.query(`{ halden: brand(slug: "halden") { orchestrationReadiness { ${READINESS} } } tidepool: brand(slug: "tidepool") { orchestrationReadiness { ${READINESS} } } }`);
    expect(errors).toBeUndefined();
    expect(data.halden.orchestrationReadiness).toMatchObject({ ready: true, freshness: 1, consistency: 1 });
    // The demo's drop-shipper has not confirmed Tidepool's stock for ten days: its data is late.
    const tidepool = data.tidepool.orchestrationReadiness;
    expect(tidepool.ready).toBe(false);
    expect(tidepool.freshness).toBeLessThan(0.9);
    expect(tidepool.reasons.filter((r: any) => !r.met).map((r: any) => r.code)).toEqual(['DATA_FRESHNESS']);
  });

  it('makes a recommendation to orchestrate say so, and a proposal of it need evidence, on a brand that is not ready', async () => {
    const view = await stack.query('{ brand(slug: "tidepool") { capabilities { capability { code } recommendation { model rulesFired { code } } } } }');
    const inventory = view.data.brand.capabilities.find((c: any) => c.capability.code === 'INVENTORY').recommendation;
    expect(inventory.model).toBe('ORCHESTRATE');
    expect(inventory.rulesFired.map((r: any) => r.code)).toContain('BASICS_NOT_READY');
    const halden = await stack.query('{ brand(slug: "halden") { capabilities { capability { code } recommendation { model rulesFired { code } } } } }');
    const haldenFulfillment = halden.data.brand.capabilities.find((c: any) => c.capability.code === 'FULFILLMENT').recommendation;
    expect(haldenFulfillment.model).toBe('ORCHESTRATE');
    expect(haldenFulfillment.rulesFired.map((r: any) => r.code)).not.toContain('BASICS_NOT_READY');

    const propose = (evidence: object[]) =>
      stack.query(
        `mutation($input: ProposeOperatingModelInput!) { proposeOperatingModel(input: $input) { status isException } }`,
        { input: { brand: 'tidepool', capability: 'INVENTORY', model: 'ORCHESTRATE', rationale: 'Onto the platform stock service', evidence } },
        ines,
      );
    const refused = await propose([]);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'EVIDENCE_REQUIRED', readiness: { ready: false, unmet: ['DATA_FRESHNESS'] } });
    expect(refused.errors![0]!.message).toMatch(/not ready to orchestrate/);
    const withEvidence = await propose([{ kind: 'RISK_REDUCTION', measuredValue: 0.5, unit: 'stock-outs avoided per week', source: 'Meridian integration plan' }]);
    expect(withEvidence.errors).toBeUndefined();
    expect(withEvidence.data.proposeOperatingModel).toEqual({ status: 'PROPOSED', isException: false });
  });

  it('counts stock corrections against inventory accuracy', async () => {
    const sku = stableId('sku:KES-001');
    const node = stableId('node:WH-SOUTH');
    const { data } = await stack.query(`{ brand(slug: "kestrel") { inventorySignals { onHandUnits adjustedUnits stockCountAccuracy } } }`);
    const correction = Math.ceil(data.brand.inventorySignals.onHandUnits * 0.05);
    const adjusted = await stack.query(`mutation { adjustStock(skuId: "${sku}", nodeId: "${node}", delta: ${correction}, reason: "Cycle count found a mis-slotted pallet") { onHand } }`, undefined, olga);
    expect(adjusted.errors).toBeUndefined();
    await (stack.subgraphs.brands.services as BrandsServices).facts.refreshReadiness();
    const after = await stack.query(`{ brand(slug: "kestrel") { inventorySignals { adjustedUnits stockCountAccuracy } orchestrationReadiness { ready reasons { code met } } } }`);
    expect(after.data.brand.inventorySignals.adjustedUnits).toBe(data.brand.inventorySignals.adjustedUnits + correction);
    expect(after.data.brand.inventorySignals.stockCountAccuracy).toBeLessThan(0.97);
    expect(after.data.brand.orchestrationReadiness).toMatchObject({ ready: false, reasons: expect.arrayContaining([{ code: 'INVENTORY_ACCURACY', met: false }]) });
  });
});

const METRICS = `query($period: String!) { portfolioMetrics(period: $period) {
  brand { slug } period ordersRouted costPerOrder exceptionVolume exceptionDecisions orderExceptions breachesOpened
  inventoryAccuracy stockCountAccuracy partnerInventoryAccuracy fillRate
  decisionsOverdue reviewsOverdue rolloutPhasesOverdue decisionsApproved meanDaysProposalToApproval pilotsRun pilotsSucceeded pilotSuccessRate } }`;

describe('portfolioMetrics', () => {
  it('answers per brand, each figure from the subgraph that owns it', async () => {
    const { data, errors } = await stack.query(METRICS, { period: PERIOD });
    expect(errors).toBeUndefined();
    const metrics = data.portfolioMetrics;
    expect(metrics.map((m: any) => m.brand.slug).sort()).toEqual(['aurelia', 'halden', 'kestrel', 'lumen', 'northwind', 'tidepool']);
    for (const m of metrics) {
      expect(m.period).toBe(PERIOD);
      expect(m.exceptionVolume).toBe(m.exceptionDecisions + m.orderExceptions + m.breachesOpened);
      expect(m.inventoryAccuracy).toBe(Math.min(m.stockCountAccuracy, m.partnerInventoryAccuracy ?? 1));
      expect(m.decisionsOverdue).toBe(m.reviewsOverdue + m.rolloutPhasesOverdue);
    }
    const halden = metrics.find((m: any) => m.brand.slug === 'halden');
    const cost = await stack.query(`{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { orders perOrder } } }`);
    expect(halden.ordersRouted).toBe(cost.data.brand.costToServe.orders);
    expect(halden.costPerOrder).toBe(cost.data.brand.costToServe.perOrder);
    // Halden's logistics contract reports fill rate and inventory accuracy every month.
    const kestrel = metrics.find((m: any) => m.brand.slug === 'kestrel');
    expect(kestrel.rolloutPhasesOverdue).toBeGreaterThanOrEqual(1);

    // Pilots run and their success rate: the pilots concluded in the month.
    const pilots = await stack.query('{ pilots { status concludedAt brand { slug } } }');
    for (const m of metrics) {
      const concluded = pilots.data.pilots.filter((p: any) => p.brand.slug === m.brand.slug && p.concludedAt?.startsWith(PERIOD));
      expect(m.pilotsRun).toBe(concluded.length);
      const judged = concluded.filter((p: any) => p.status !== 'ABANDONED');
      expect(m.pilotSuccessRate).toBe(judged.length ? Math.round((concluded.filter((p: any) => p.status === 'SUCCEEDED').length / judged.length) * 10_000) / 10_000 : null);
    }
  });

  it('counts service recovery’s reroutes as exceptions of the month', async () => {
    const sku = stableId('sku:LUM-020');
    await stack.subgraphs.inventory.dataSource.query('UPDATE stock_position SET on_hand = 30, reserved = 0, safety_stock = 0 WHERE sku_id = $1', [sku]);
    const before = (await stack.query(METRICS, { period: PERIOD })).data.portfolioMetrics.find((m: any) => m.brand.slug === 'lumen');
    const routed = await stack.query(
      `mutation { routeOrder(input: { brand: "lumen", orderRef: "METRICS-1", destinationRegion: "EU-CENTRAL", lines: [{ skuId: "${sku}", quantity: 2 }] }) { plan { node { id code } } } }`,
      undefined,
      olga,
    );
    const node = routed.data.routeOrder.plan[0].node;
    const off = await stack.query(`mutation { setNodeActive(nodeId: "${node.id}", active: false, reason: "Inspection") { rerouted { id } } }`, undefined, olga);
    expect(off.errors).toBeUndefined();
    await stack.query(`mutation { setNodeActive(nodeId: "${node.id}", active: true, reason: "Inspection over") { node { code } } }`, undefined, olga);
    const after = (await stack.query(METRICS, { period: PERIOD })).data.portfolioMetrics.find((m: any) => m.brand.slug === 'lumen');
    expect(after.orderExceptions).toBe(before.orderExceptions + 1);
    expect(after.exceptionVolume).toBe(before.exceptionVolume + 1);
    expect(after.ordersRouted).toBe(before.ordersRouted + 1);
  });

  it('answers a brand-restricted caller over its own brands only, and the cost only with the scopes it derives from', async () => {
    const { data, errors } = await stack.query(METRICS, { period: PERIOD }, { roles: ['storefront'], brands: ['halden'] });
    expect(data.portfolioMetrics.map((m: any) => m.brand.slug)).toEqual(['halden']);
    expect(data.portfolioMetrics[0].costPerOrder).toBeNull();
    expect([...new Set(errors!.map((e) => e.extensions!.coordinate))]).toEqual(['BrandMetrics.costPerOrder']);
  });

  it('refuses a period that is not a month', async () => {
    const { errors } = await stack.query(METRICS, { period: 'last month' });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
