import { ALL_ROLES, type Role } from '../shared/src/auth/scopes';
import { Stack, token } from './support/stack';

/**
 * Every role against every root field and mutation of the graph, with the access each role is
 * meant to have. The expectations are written out here, not derived from the schema, so a change
 * to an annotation that alters who may do what fails this test until the table is changed too.
 */
type Access = 'all' | Role[];

const EVERYONE: Access = 'all';
const LEDGER_READERS: Role[] = ['portfolio-manager', 'approver', 'operations', 'auditor', 'admin'];
/** Every role with `partners:read`: all but the governance approver, who reads only the catalogue and the registry. */
const PARTNER_READERS: Role[] = ALL_ROLES.filter((r) => r !== 'governance-approver');
const NOWHERE = '00000000-0000-5000-8000-000000000000';
/** Every role with `registry:read`. */
const REGISTRY_READERS: Role[] = ['platform', 'auditor', 'governance-approver', 'admin'];
/** Every role with `costs:read`. */
const COST_READERS: Role[] = ['portfolio-manager', 'approver', 'operations', 'auditor', 'admin'];
/** `pilots:write`: the portfolio office plans and concludes pilots, operations measures them. */
const PILOT_RUNNERS: Role[] = ['portfolio-manager', 'operations', 'admin'];
const PILOT_METRIC = '{ metric: "OTIF", baseline: 0.9, target: 0.95, direction: HIGHER_IS_BETTER, dataSource: "matrix" }';
/** What an allowed role gets back, when not the default (NOT_FOUND for mutations and promise, nothing otherwise). */
const ROOT_FIELDS: Record<string, { operation: string; access: Access; allowedErrors?: string[] }> = {
  'Query.brands': { operation: '{ brands { slug } }', access: EVERYONE },
  'Query.brand': { operation: '{ brand(slug: "halden") { slug } }', access: EVERYONE },
  'Query.capabilities': { operation: '{ capabilities { code } }', access: EVERYONE },
  'Query.capability': { operation: '{ capability(code: "STOREFRONT") { code } }', access: EVERYONE },
  'Query.sku': { operation: '{ sku(id: "00000000-0000-5000-8000-000000000000") { code } }', access: EVERYONE },
  'Query.skuByCode': { operation: '{ skuByCode(code: "HAL-001") { code } }', access: EVERYONE },
  'Query.fulfillmentNodes': { operation: '{ fulfillmentNodes { code } }', access: EVERYONE },
  'Query.fulfillmentNode': { operation: '{ fulfillmentNode(id: "00000000-0000-5000-8000-000000000000") { code } }', access: EVERYONE },
  'Query.partners': { operation: '{ partners { name } }', access: PARTNER_READERS },
  'Query.partner': { operation: '{ partner(id: "00000000-0000-5000-8000-000000000000") { name } }', access: PARTNER_READERS },
  'Query.contract': { operation: '{ contract(id: "00000000-0000-5000-8000-000000000000") { id } }', access: PARTNER_READERS },
  'Query.portfolioAccessLog': { operation: '{ portfolioAccessLog(first: 1) { coordinate } }', access: ['auditor', 'admin'] },
  'Query.inventoryAccessLog': { operation: '{ inventoryAccessLog(first: 1) { coordinate } }', access: ['auditor', 'admin'] },
  'Query.partnerAccessLog': { operation: '{ partnerAccessLog(first: 1) { coordinate } }', access: ['auditor', 'admin'] },
  'Query.portfolioLedger': { operation: '{ portfolioLedger { length } }', access: LEDGER_READERS },
  'Query.platformLedger': { operation: '{ platformLedger { length } }', access: LEDGER_READERS },
  'Query.platformAccessLog': { operation: '{ platformAccessLog(first: 1) { coordinate } }', access: ['auditor', 'admin'] },
  'Query.subgraphs': { operation: '{ subgraphs { name } }', access: REGISTRY_READERS },
  'Query.subgraph': { operation: '{ subgraph(name: "brands") { name } }', access: REGISTRY_READERS },
  'Query.supergraphs': { operation: '{ supergraphs(first: 1) { version } }', access: REGISTRY_READERS },
  'Query.supergraph': { operation: '{ supergraph { version } }', access: REGISTRY_READERS },
  'Query.registryLedger': { operation: '{ registryLedger { length } }', access: REGISTRY_READERS },
  'Query.clientApps': { operation: '{ clientApps { name } }', access: REGISTRY_READERS },
  'Query.clientApp': { operation: '{ clientApp(name: "nobody") { name } }', access: REGISTRY_READERS },
  'Query.sharedServices': { operation: '{ sharedServices { code } }', access: EVERYONE },
  'Query.sharedService': { operation: '{ sharedService(code: "inventory-availability") { code } }', access: EVERYONE },
  'Query.showback': { operation: '{ showback(period: "2026-01") { period } }', access: COST_READERS },
  'Query.inventoryLedger': { operation: '{ inventoryLedger { length } }', access: LEDGER_READERS },
  'Query.partnerLedger': { operation: '{ partnerLedger { length } }', access: LEDGER_READERS },
  'Query.operatingModelDecision': { operation: `{ operatingModelDecision(id: "${NOWHERE}") { id } }`, access: EVERYONE },
  'Query.portfolioMatrix': { operation: '{ portfolioMatrix { exceptions } }', access: EVERYONE },
  'Query.reviewsDue': { operation: '{ reviewsDue { id } }', access: EVERYONE },
  'Query.openExceptions': { operation: '{ openExceptions { id } }', access: EVERYONE },
  'Query.routingDecision': { operation: `{ routingDecision(id: "${NOWHERE}") { id } }`, access: EVERYONE },
  'Query.nodeUtilisation': { operation: '{ nodeUtilisation { unitsReserved } }', access: EVERYONE },
  'Query.routingExceptions': { operation: '{ routingExceptions { id } }', access: EVERYONE },
  'Query.pilot': { operation: `{ pilot(id: "${NOWHERE}") { id } }`, access: EVERYONE },
  'Query.pilots': { operation: '{ pilots { id } }', access: EVERYONE },
  'Query.pilotCandidates': { operation: '{ pilotCandidates(first: 3) { rank } }', access: EVERYONE },
  'Query.rollout': { operation: `{ rollout(id: "${NOWHERE}") { id } }`, access: EVERYONE },
  'Query.rollouts': { operation: '{ rollouts { id } }', access: EVERYONE },
  'Query.rolloutPhasesDue': { operation: '{ rolloutPhasesDue { phase } }', access: EVERYONE },
  'Query.portfolioMetrics': { operation: '{ portfolioMetrics(period: "2026-01") { pilotsRun } }', access: EVERYONE },
  'Query.partnerRisk': { operation: '{ partnerRisk { rank } }', access: ['portfolio-manager', 'approver', 'platform', 'operations', 'auditor', 'admin'] },
  // A promise for a SKU that does not exist: allowed roles get NOT_FOUND.
  'Query.promise': {
    operation: `{ promise(brand: "halden", lines: [{ skuId: "${NOWHERE}", quantity: 1 }], destinationRegion: "UK") { feasible } }`,
    access: ['storefront', 'operations', 'admin'],
  },
  // Mutations are aimed at things that do not exist: an allowed role gets NOT_FOUND and nothing changes.
  'Mutation.setBrandLifecycle': {
    operation: 'mutation { setBrandLifecycle(slug: "no-such-brand", lifecycle: STABLE, reason: "matrix") { slug } }',
    access: ['portfolio-manager', 'admin'],
  },
  'Mutation.assessCapability': {
    operation:
      'mutation { assessCapability(input: { brand: "no-such-brand", capability: "STOREFRONT", differentiation: 1, risk: 1, reusePotential: 1, demandVolatility: 1, processCommonality: 1, platformMaturity: 1 }) { id } }',
    access: ['portfolio-manager', 'admin'],
  },
  'Mutation.proposeOperatingModel': {
    operation: 'mutation { proposeOperatingModel(input: { brand: "no-such-brand", capability: "STOREFRONT", model: OPERATE, rationale: "matrix" }) { id } }',
    access: ['portfolio-manager', 'admin'],
  },
  'Mutation.approveDecision': { operation: `mutation { approveDecision(id: "${NOWHERE}", note: "matrix") { id } }`, access: ['approver', 'admin'] },
  'Mutation.rejectDecision': { operation: `mutation { rejectDecision(id: "${NOWHERE}", reason: "matrix") { id } }`, access: ['approver', 'admin'] },
  'Mutation.setSourcingPolicy': {
    operation:
      'mutation { setSourcingPolicy(input: { brand: "no-such-brand", allowedKinds: [WAREHOUSE], weights: { cost: 1, promiseSlack: 1, margin: 1, stockDepth: 1 }, maxSplit: 1, defaultPromiseDays: 3, reason: "matrix" }) { maxSplit } }',
    access: ['operations', 'admin'],
  },
  'Mutation.routeOrder': {
    operation: `mutation { routeOrder(input: { brand: "no-such-brand", orderRef: "matrix", lines: [{ skuId: "${NOWHERE}", quantity: 1 }], destinationRegion: "UK" }) { id } }`,
    access: ['operations', 'admin'],
  },
  'Mutation.commitReservation': { operation: `mutation { commitReservation(id: "${NOWHERE}", reason: "matrix") { id } }`, access: ['operations', 'admin'] },
  'Mutation.releaseReservation': { operation: `mutation { releaseReservation(id: "${NOWHERE}", reason: "matrix") { id } }`, access: ['operations', 'admin'] },
  'Mutation.createContract': {
    operation: `mutation { createContract(input: { partnerId: "${NOWHERE}", brand: "halden", capabilityScope: ["FULFILLMENT"], model: OUTSOURCE,
      slaTargets: [{ kpi: OTIF, target: 0.95, direction: HIGHER_IS_BETTER }], auditRights: { scope: "all", frequency: "ANNUAL", noticeDays: 30 },
      escalationSteps: [{ level: 1, role: "Account manager", responseHours: 48 }], exitTerms: { noticeDays: 90, cureDays: 30, transitionDays: 60 },
      validFrom: "2026-01-01", validTo: "2027-12-31", reason: "matrix" }) { id } }`,
    access: ['operations', 'admin'],
  },
  'Mutation.amendContract': { operation: `mutation { amendContract(contractId: "${NOWHERE}", changes: { model: LICENSE }, reason: "matrix") { id } }`, access: ['operations', 'admin'] },
  'Mutation.giveNotice': { operation: `mutation { giveNotice(contractId: "${NOWHERE}", reason: "matrix") { id } }`, access: ['operations', 'admin'] },
  'Mutation.recordPerformance': {
    operation: `mutation { recordPerformance(contractId: "${NOWHERE}", period: "2026-06", actuals: [{ kpi: OTIF, value: 0.9 }]) { id } }`,
    access: ['operations', 'admin'],
  },
  'Mutation.escalateBreach': { operation: `mutation { escalateBreach(id: "${NOWHERE}", reason: "matrix") { id } }`, access: ['operations', 'admin'] },
  'Mutation.resolveBreach': {
    operation: `mutation { resolveBreach(id: "${NOWHERE}", evidence: [{ description: "fixed", source: "report" }], reason: "matrix") { id } }`,
    access: ['operations', 'admin'],
  },
  'Mutation.adjustStock': {
    operation: `mutation { adjustStock(skuId: "${NOWHERE}", nodeId: "${NOWHERE}", delta: 1, reason: "matrix") { onHand } }`,
    access: ['operations', 'admin'],
  },
  // Nothing is overdue in the seeded portfolio: an allowed role sweeps, finds nothing, and records that it asked.
  'Mutation.sweepBreaches': { operation: 'mutation { sweepBreaches(reason: "matrix") { escalatedBreaches } }', access: ['operations', 'admin'], allowedErrors: [] },
  'Mutation.defineSharedService': {
    operation: `mutation { defineSharedService(input: { code: "matrix-service", name: "Matrix", capability: "NO_SUCH_CAPABILITY", subgraphs: ["inventory"], ownerTeam: "t",
      slo: { p99Ms: 100, errorRate: 0.01 }, monthlyCost: 1, currency: "EUR" }, reason: "matrix") { code } }`,
    access: ['platform', 'admin'],
  },
  'Mutation.updateSharedService': {
    operation: 'mutation { updateSharedService(code: "no-such-service", changes: { name: "x" }, reason: "matrix") { code } }',
    access: ['platform', 'admin'],
  },
  'Mutation.planPilot': {
    operation: `mutation { planPilot(input: { brand: "no-such-brand", capability: "STOREFRONT", model: OPERATE, hypothesis: "matrix", scope: { regions: ["UK"] },
      metrics: [${PILOT_METRIC}], startsOn: "2026-01-01", endsOn: "2026-02-01" }) { id } }`,
    access: PILOT_RUNNERS,
  },
  'Mutation.revisePilotMetrics': { operation: `mutation { revisePilotMetrics(id: "${NOWHERE}", metrics: [${PILOT_METRIC}], reason: "matrix") { id } }`, access: PILOT_RUNNERS },
  'Mutation.startPilot': { operation: `mutation { startPilot(id: "${NOWHERE}") { id } }`, access: PILOT_RUNNERS },
  'Mutation.recordPilotMeasurement': { operation: `mutation { recordPilotMeasurement(input: { pilotId: "${NOWHERE}", metric: "OTIF", value: 0.9 }) { id } }`, access: PILOT_RUNNERS },
  'Mutation.concludePilot': { operation: `mutation { concludePilot(id: "${NOWHERE}", outcome: ABANDONED, reason: "matrix") { id } }`, access: PILOT_RUNNERS },
  'Mutation.recordRolloutDesign': {
    operation: `mutation { recordRolloutDesign(rolloutId: "${NOWHERE}", design: { responsibilities: [{ activity: "a", owner: "b" }], kpis: [], escalationPath: [] }, reason: "matrix") { id } }`,
    access: ['portfolio-manager', 'admin'],
  },
  'Mutation.completePhase': { operation: `mutation { completePhase(rolloutId: "${NOWHERE}", phase: DIAGNOSE, reason: "matrix") { id } }`, access: ['portfolio-manager', 'admin'] },
  'Mutation.setNodeActive': { operation: `mutation { setNodeActive(nodeId: "${NOWHERE}", active: false, reason: "matrix") { node { code } } }`, access: ['operations', 'admin'] },
  'Mutation.rerouteOrder': { operation: 'mutation { rerouteOrder(orderRef: "no-such-order", reason: "matrix") { id } }', access: ['operations', 'admin'] },
  // Nothing needs moving in the seeded portfolio: an allowed role sweeps, moves nothing, and records that it asked.
  'Mutation.sweepReroutes': { operation: 'mutation { sweepReroutes(reason: "matrix") { id } }', access: ['operations', 'admin'], allowedErrors: [] },
  'Mutation.setPartnerStatus': {
    operation: `mutation { setPartnerStatus(partnerId: "${NOWHERE}", status: ACTIVE, reason: "matrix") { status } }`,
    access: ['operations', 'admin'],
  },
};

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  await stack?.stop();
});

it('lists every root field and mutation of the graph', async () => {
  const { data } = await stack.query('{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
  const actual = [
    ...data.__schema.queryType.fields.map((f: any) => `Query.${f.name}`),
    ...(data.__schema.mutationType?.fields ?? []).map((f: any) => `Mutation.${f.name}`),
  ];
  expect(actual.sort()).toEqual(Object.keys(ROOT_FIELDS).sort());
});

describe.each(ALL_ROLES)('role %s', (role) => {
  // Storefront tokens are always for a brand; the others see the whole portfolio.
  const brands = role === 'storefront' ? ['halden'] : '*';

  it.each(Object.entries(ROOT_FIELDS))('%s', async (coordinate, { operation, access, allowedErrors }) => {
    const allowed = access === 'all' || access.includes(role);
    const { status, errors } = await stack.query(operation, undefined, await token({ roles: [role], brands }));
    expect(status).toBe(200);
    const denied = (errors ?? []).filter((e) => e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE');
    if (!allowed) expect(denied.map((e) => e.extensions!.coordinate)).toEqual([coordinate]);
    else if (allowedErrors) expect((errors ?? []).map((e) => e.extensions?.code)).toEqual(allowedErrors);
    else if (coordinate.startsWith('Mutation.') || coordinate === 'Query.promise') {
      expect((errors ?? []).map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    }
    else expect(errors ?? []).toEqual([]);
  });
});
