import type { Role } from '../../shared/src/auth/scopes';
import { demoCatalog, DEMO_BRANDS, DEMO_CONTRACTS, DEMO_NODES, partnerIdByKey } from '../../shared/src/demo/portfolio';
import { Stack, token } from '../support/stack';

/**
 * Every write names its brands. For every mutation of the graph, a token of the roles that may
 * call it — but restricted to another brand — is refused with FORBIDDEN_BRAND, and nothing changes
 * (no ledger of any subgraph grows: every change writes its entry in its own transaction). The
 * target is always Kestrel's; the caller is Lumen's, or Kestrel's alone where the target belongs to
 * more brands (a partner's brands are those of its contracts).
 */
let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  await stack?.stop();
});

const kestrel = DEMO_BRANDS.find((b) => b.slug === 'kestrel')!;
const sku = demoCatalog().skus.find((s) => s.brandId === kestrel.id)!;
const stockAt = demoCatalog().stock.find((p) => p.skuId === sku.id)!;
const contract = DEMO_CONTRACTS.find((c) => c.key === 'swiftlane-kestrel')!;
const marketa = partnerIdByKey('marketa'); // serves kestrel and lumen
const whSouth = DEMO_NODES.find((n) => n.code === 'WH-SOUTH')!.id;

/** Ids only known once the stack runs: a Kestrel decision, reservation and breach. */
const ids = { decision: '', reservation: '', breach: '', pilot: '', rollout: '' };
const PILOT_METRIC = '{ metric: "OTIF", baseline: 0.9, target: 0.95, direction: HIGHER_IS_BETTER, dataSource: "x" }';

/** `code`: FORBIDDEN_BRAND; a portfolio-wide mutation refuses every brand-restricted caller by its policy. */
type Case = { roles: Role[]; brands?: string[]; operation: () => string; code?: 'UNAUTHORIZED_FIELD_OR_TYPE' };
const CONTRACT_TERMS = `capabilityScope: ["FULFILLMENT"], model: OUTSOURCE,
  slaTargets: [{ kpi: OTIF, target: 0.95, direction: HIGHER_IS_BETTER }], auditRights: { scope: "all", frequency: "ANNUAL", noticeDays: 30 },
  escalationSteps: [{ level: 1, role: "Account manager", responseHours: 48 }], exitTerms: { noticeDays: 90, cureDays: 30, transitionDays: 60 },
  validFrom: "2026-01-01", validTo: "2027-12-31"`;

const MUTATIONS: Record<string, Case> = {
  setBrandLifecycle: { roles: ['portfolio-manager'], operation: () => 'mutation { setBrandLifecycle(slug: "kestrel", lifecycle: SUNSET, reason: "x") { slug } }' },
  assessCapability: {
    roles: ['portfolio-manager'],
    operation: () =>
      'mutation { assessCapability(input: { brand: "kestrel", capability: "STOREFRONT", differentiation: 1, risk: 1, reusePotential: 1, demandVolatility: 1, processCommonality: 1, platformMaturity: 1 }) { id } }',
  },
  proposeOperatingModel: {
    roles: ['portfolio-manager'],
    operation: () => 'mutation { proposeOperatingModel(input: { brand: "kestrel", capability: "PRICING", model: OPERATE, rationale: "x" }) { id } }',
  },
  approveDecision: { roles: ['approver'], operation: () => `mutation { approveDecision(id: "${ids.decision}", note: "x") { id } }` },
  rejectDecision: { roles: ['approver'], operation: () => `mutation { rejectDecision(id: "${ids.decision}", reason: "x") { id } }` },
  setSourcingPolicy: {
    roles: ['operations'],
    operation: () =>
      'mutation { setSourcingPolicy(input: { brand: "kestrel", allowedKinds: [WAREHOUSE], weights: { cost: 1, promiseSlack: 1, margin: 1, stockDepth: 1 }, maxSplit: 1, defaultPromiseDays: 3, reason: "x" }) { maxSplit } }',
  },
  routeOrder: {
    roles: ['operations'],
    operation: () => `mutation { routeOrder(input: { brand: "kestrel", orderRef: "foreign-1", lines: [{ skuId: "${sku.id}", quantity: 1 }], destinationRegion: "EU-CENTRAL" }) { id } }`,
  },
  commitReservation: { roles: ['operations'], operation: () => `mutation { commitReservation(id: "${ids.reservation}", reason: "x") { id } }` },
  releaseReservation: { roles: ['operations'], operation: () => `mutation { releaseReservation(id: "${ids.reservation}", reason: "x") { id } }` },
  createContract: {
    roles: ['operations'],
    operation: () => `mutation { createContract(input: { partnerId: "${marketa}", brand: "kestrel", ${CONTRACT_TERMS}, reason: "x" }) { id } }`,
  },
  amendContract: { roles: ['operations'], operation: () => `mutation { amendContract(contractId: "${contract.id}", changes: { model: LICENSE }, reason: "x") { id } }` },
  giveNotice: { roles: ['operations'], operation: () => `mutation { giveNotice(contractId: "${contract.id}", reason: "x") { id } }` },
  recordPerformance: {
    roles: ['operations'],
    operation: () => `mutation { recordPerformance(contractId: "${contract.id}", period: "2026-06", actuals: [{ kpi: OTIF, value: 0.5 }]) { id } }`,
  },
  escalateBreach: { roles: ['operations'], operation: () => `mutation { escalateBreach(id: "${ids.breach}", reason: "x") { id } }` },
  resolveBreach: {
    roles: ['operations'],
    operation: () => `mutation { resolveBreach(id: "${ids.breach}", evidence: [{ description: "fixed", source: "report" }], reason: "x") { id } }`,
  },
  adjustStock: {
    roles: ['operations'],
    operation: () => `mutation { adjustStock(skuId: "${sku.id}", nodeId: "${stockAt.nodeId}", delta: -1, reason: "x") { onHand } }`,
  },
  sweepBreaches: { roles: ['operations'], code: 'UNAUTHORIZED_FIELD_OR_TYPE', operation: () => 'mutation { sweepBreaches(reason: "x") { escalatedBreaches } }' },
  // WH-SOUTH holds Kestrel's stock as well as Lumen's: a Lumen token alone may not switch it off.
  setNodeActive: { roles: ['operations'], operation: () => `mutation { setNodeActive(nodeId: "${whSouth}", active: false, reason: "x") { node { code } } }` },
  rerouteOrder: { roles: ['operations'], operation: () => 'mutation { rerouteOrder(orderRef: "kestrel-own-1", reason: "x") { id } }' },
  sweepReroutes: { roles: ['operations'], code: 'UNAUTHORIZED_FIELD_OR_TYPE', operation: () => 'mutation { sweepReroutes(reason: "x") { id } }' },
  planPilot: {
    roles: ['portfolio-manager'],
    operation: () =>
      `mutation { planPilot(input: { brand: "kestrel", capability: "LOYALTY", model: OPERATE, hypothesis: "x", scope: { regions: ["EU-WEST"] }, metrics: [${PILOT_METRIC}], startsOn: "2026-01-01", endsOn: "2026-02-01" }) { id } }`,
  },
  revisePilotMetrics: { roles: ['portfolio-manager'], operation: () => `mutation { revisePilotMetrics(id: "${ids.pilot}", metrics: [${PILOT_METRIC}], reason: "x") { id } }` },
  startPilot: { roles: ['portfolio-manager'], operation: () => `mutation { startPilot(id: "${ids.pilot}") { id } }` },
  recordPilotMeasurement: { roles: ['operations'], operation: () => `mutation { recordPilotMeasurement(input: { pilotId: "${ids.pilot}", metric: "OTIF", value: 0.9 }) { id } }` },
  concludePilot: { roles: ['portfolio-manager'], operation: () => `mutation { concludePilot(id: "${ids.pilot}", outcome: ABANDONED, reason: "x") { id } }` },
  recordRolloutDesign: {
    roles: ['portfolio-manager'],
    operation: () => `mutation { recordRolloutDesign(rolloutId: "${ids.rollout}", design: { responsibilities: [{ activity: "a", owner: "b" }], kpis: [], escalationPath: [] }, reason: "x") { id } }`,
  },
  completePhase: { roles: ['portfolio-manager'], operation: () => `mutation { completePhase(rolloutId: "${ids.rollout}", phase: DESIGN, reason: "x") { id } }` },
  // Marketa serves Kestrel and Lumen: a token for one of them alone may not change it.
  // The service catalogue is the portfolio's: only portfolio-wide callers change it.
  defineSharedService: {
    roles: ['platform'],
    code: 'UNAUTHORIZED_FIELD_OR_TYPE',
    operation: () => `mutation { defineSharedService(input: { code: "kestrel-only", name: "K", capability: "INVENTORY", subgraphs: ["inventory"], ownerTeam: "t",
      slo: { p99Ms: 100, errorRate: 0.01 }, monthlyCost: 1, currency: "EUR" }, reason: "x") { code } }`,
  },
  updateSharedService: {
    roles: ['platform'],
    code: 'UNAUTHORIZED_FIELD_OR_TYPE',
    operation: () => 'mutation { updateSharedService(code: "inventory-availability", changes: { monthlyCost: 1 }, reason: "x") { code } }',
  },
  setPartnerStatus: { roles: ['operations'], brands: ['kestrel'], operation: () => `mutation { setPartnerStatus(partnerId: "${marketa}", status: PROBATION, reason: "x") { status } }` },
};

async function ledgers(): Promise<number[]> {
  const { data } = await stack.query('{ portfolioLedger { length } inventoryLedger { length } partnerLedger { length } platformLedger { length } }');
  return [data.portfolioLedger.length, data.inventoryLedger.length, data.partnerLedger.length, data.platformLedger.length];
}

beforeAll(async () => {
  const matrix = await stack.query('{ brand(slug: "kestrel") { capabilities { decision { id } } } }');
  ids.decision = matrix.data.brand.capabilities.find((c: any) => c.decision)!.decision.id;
  const routed = await stack.query(
    `mutation { routeOrder(input: { brand: "kestrel", orderRef: "kestrel-own-1", lines: [{ skuId: "${sku.id}", quantity: 1 }], destinationRegion: "EU-CENTRAL" }) { reservations { id } } }`,
  );
  ids.reservation = routed.data.routeOrder.reservations[0].id;
  const recorded = await stack.query(`mutation { recordPerformance(contractId: "${contract.id}", period: "2026-05", actuals: [{ kpi: OTIF, value: 0.5 }]) { id } }`);
  expect(recorded.errors).toBeUndefined();
  const pilot = await stack.query(
    `mutation { planPilot(input: { brand: "kestrel", capability: "PRICING", model: OPERATE, hypothesis: "Own pricing in the Nordics", scope: { regions: ["EU-NORTH"] }, metrics: [${PILOT_METRIC}], startsOn: "2026-01-01", endsOn: "2026-02-01" }) { id } }`,
  );
  ids.pilot = pilot.data.planPilot.id;
  // The demo seed rolls Kestrel's storefront out to Marketa.
  ids.rollout = (await stack.query('{ brand(slug: "kestrel") { rollouts(status: IN_PROGRESS) { id } } }')).data.brand.rollouts[0].id;
  const breaches = await stack.query(`{ partner(id: "${partnerIdByKey('swiftlane')}") { openBreaches { id period kpi } } }`);
  ids.breach = breaches.data.partner.openBreaches.find((b: any) => b.period === '2026-05' && b.kpi === 'OTIF').id;
  expect(Object.values(ids).every(Boolean)).toBe(true);
});

it('covers every mutation of the graph', async () => {
  const { data } = await stack.query('{ __schema { mutationType { fields { name } } } }');
  expect(data.__schema.mutationType.fields.map((f: any) => f.name).sort()).toEqual(Object.keys(MUTATIONS).sort());
});

describe.each(Object.entries(MUTATIONS))('%s', (name, { roles, brands = ['lumen'], operation, code = 'FORBIDDEN_BRAND' }) => {
  it(`refuses a ${roles.join('+')} token of ${brands.join('+')} with ${code}, and changes nothing`, async () => {
    const before = await ledgers();
    const { status, data, errors } = await stack.query(operation(), undefined, await token({ roles, brands, sub: `intruder@${brands.join('+')}` }));
    expect(status).toBe(200);
    expect(errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(data?.[name] ?? null).toBeNull();
    expect(await ledgers()).toEqual(before);
  });
});

it('lets a token of the brand itself through (the refusals above are about brands, not roles)', async () => {
  const own = await token({ roles: ['operations'], brands: ['kestrel'], sub: 'kim@kestrel' });
  const { errors } = await stack.query(MUTATIONS.adjustStock!.operation(), undefined, own);
  expect(errors).toBeUndefined();
});
