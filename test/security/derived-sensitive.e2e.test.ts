import { GovernanceRules } from '../../shared/src/governance/rules';
import { demoCatalog, DEMO_BRANDS, partnerIdByKey } from '../../shared/src/demo/portfolio';
import { Stack, token } from '../support/stack';

/**
 * No sensitive value by another road. A storefront token cannot obtain unit cost, node cost, margin,
 * contract weights or targets — neither from the fields that hold them nor from fields computed
 * from them (routing scores, attainment, weighted scores) — and aggregates answer only over the
 * caller's brands.
 */
let stack: Stack;
let storefront: string;
beforeAll(async () => {
  stack = await Stack.start();
  storefront = await token({ roles: ['storefront'], scopes: ['orders:route'], brands: ['halden'] });
});
afterAll(async () => {
  await stack?.stop();
});

const halden = DEMO_BRANDS.find((b) => b.slug === 'halden')!;
const haldenSku = demoCatalog().skus.find((s) => s.brandId === halden.id)!;
const swiftlane = partnerIdByKey('swiftlane');
const PERIOD = new Date().toISOString().slice(0, 7);

/** Every sensitive coordinate of the graph, and a query through which a storefront would reach it. */
const SENSITIVE: Record<string, string> = {
  'Sku.unitCost': `{ sku(id: "${haldenSku.id}") { unitCost } }`,
  'Sku.margin': `{ sku(id: "${haldenSku.id}") { margin } }`,
  'FulfillmentNode.costPerUnit': '{ fulfillmentNodes { costPerUnit } }',
  'Contract.slaTargets': '{ brand(slug: "halden") { contracts { slaTargets { target } } } }',
  'Contract.kpiWeights': '{ brand(slug: "halden") { contracts { kpiWeights { weight } } } }',
  'Contract.exitTerms': '{ brand(slug: "halden") { contracts { exitTerms { noticeDays } } } }',
  'Contract.fees': '{ brand(slug: "halden") { contracts { fees { monthlyFee feePerOrder } } } }',
  'Contract.transition': '{ brand(slug: "halden") { contracts { transition { transitionStartsOn tasks { dueOn } } } } }',
  'KpiAttainment.target': `{ partner(id: "${swiftlane}") { scorecards { kpis { target } } } }`,
  'KpiAttainment.attainment': `{ partner(id: "${swiftlane}") { scorecards { kpis { attainment } } } }`,
  'KpiAttainment.weight': `{ partner(id: "${swiftlane}") { scorecards { kpis { weight } } } }`,
  'Scorecard.weightedScore': `{ partner(id: "${swiftlane}") { scorecards { weightedScore } } }`,
  'PartnerScorecard.weightedScore': `{ partner(id: "${swiftlane}") { currentScorecard { weightedScore } } }`,
  'PartnerRisk.latestScore': '{ partnerRisk { latestScore } }',
  'Breach.target': `{ partner(id: "${swiftlane}") { openBreaches { target } } }`,
  'SharedService.monthlyCost': '{ sharedServices { code monthlyCost } }',
  'ServiceShowback.monthlyCost': '{ showback(period: "2026-01") { services { monthlyCost } } }',
  'ShowbackLine.allocated': '{ brand(slug: "halden") { showback(period: "2026-01") { lines { allocated } } } }',
  'ShowbackLine.costPerRequest': '{ showback(period: "2026-01") { services { lines { costPerRequest } } } }',
  'ShowbackRemainder.amount': '{ showback(period: "2026-01") { services { unallocated { amount } } } }',
  'ShowbackTotal.allocated': '{ brand(slug: "halden") { showback(period: "2026-01") { totals { allocated } } } }',
  'ShowbackTotal.costPerRequest': '{ brand(slug: "halden") { showback(period: "2026-01") { totals { costPerRequest } } } }',
  'CostToServe.fulfillment': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { fulfillment { amount lines { amount costPerUnit } } } } }`,
  'CostToServe.partnerFees': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { partnerFees { amount lines { monthlyFee feePerOrder } } } } }`,
  'CostToServe.sharedServices': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { sharedServices { amount } } } }`,
  'CostToServe.inventory': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { inventory { amount stockValue carrying ageing } } } }`,
  'CostToServe.exceptions': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { exceptions { amount } } } }`,
  'CostToServe.total': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { total } } }`,
  'CostToServe.perOrder': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { perOrder } } }`,
  'CostToServe.perUnitShipped': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { perUnitShipped } } }`,
  'CostToServe.byCapability': `{ brand(slug: "halden") { costToServe(period: "${PERIOD}") { byCapability { amount } } } }`,
  'BrandMetrics.costPerOrder': `{ portfolioMetrics(period: "${PERIOD}") { costPerOrder } }`,
  'RoutingCandidate.scores': `{ promise(brand: "halden", lines: [{ skuId: "${haldenSku.id}", quantity: 1 }], destinationRegion: "UK") { candidates { scores { margin cost total } } } }`,
};

it('names every @sensitive coordinate of the supergraph in this test', async () => {
  const platform = await token({ roles: ['platform'] });
  const supergraph = await (await fetch(`${stack.baseUrl}/supergraph`, { headers: { authorization: `Bearer ${platform}` } })).text();
  const sensitive = [...GovernanceRules.fromSdl(supergraph).fields()].filter((f) => f.rules.sensitive).map((f) => f.coordinate);
  expect(sensitive.sort()).toEqual(Object.keys(SENSITIVE).sort());
});

describe.each(Object.entries(SENSITIVE))('%s', (coordinate, query) => {
  it('is withheld from a storefront token: null, with an error naming it', async () => {
    const { data, errors } = await stack.query(query, undefined, storefront);
    const denied = (errors ?? []).filter((e) => ['UNAUTHORIZED_FIELD_OR_TYPE', 'FORBIDDEN_BRAND'].includes(e.extensions?.code));
    expect(denied.length).toBeGreaterThan(0);
    expect(JSON.stringify(data ?? null)).not.toMatch(/"(unitCost|margin|costPerUnit|target|weight|attainment|weightedScore|latestScore|cost|total|noticeDays|monthlyCost|allocated|costPerRequest|amount|monthlyFee|feePerOrder|perOrder|perUnitShipped|stockValue|carrying|ageing|costPerOrder)":\s*-?\d/);
  });
});

describe('derived values', () => {
  it('a routing decision shows a storefront its candidates and their delivery days, never their scores', async () => {
    const { data, errors } = await stack.query(
      `mutation { routeOrder(input: { brand: "halden", orderRef: "DERIVED-1", lines: [{ skuId: "${haldenSku.id}", quantity: 1 }], destinationRegion: "UK" }) { candidates { node { code } excludedBy deliveryDays scores { margin } } } }`,
      undefined,
      storefront,
    );
    expect(data.routeOrder.candidates.length).toBeGreaterThan(0);
    for (const c of data.routeOrder.candidates) expect(c).toMatchObject({ node: { code: expect.any(String) }, deliveryDays: expect.any(Number), scores: null });
    expect([...new Set(errors!.map((e) => e.extensions!.coordinate))]).toEqual(['RoutingCandidate.scores']);
  });
});

describe('aggregates answer over the caller’s brands only', () => {
  it('nodeUtilisation counts only the caller’s brands’ reservations', async () => {
    const lumen = DEMO_BRANDS.find((b) => b.slug === 'lumen')!;
    const lumenSku = demoCatalog().skus.find((s) => s.brandId === lumen.id)!;
    const routed = await stack.query(
      `mutation { routeOrder(input: { brand: "lumen", orderRef: "AGG-1", lines: [{ skuId: "${lumenSku.id}", quantity: 7 }], destinationRegion: "EU-CENTRAL" }) { plan { quantity node { code } } } }`,
    );
    const node = routed.data.routeOrder.plan[0].node.code;
    const units = async (as?: string) => {
      const { data } = await stack.query('{ nodeUtilisation { node { code } unitsReserved } }', undefined, as);
      return data.nodeUtilisation.find((u: any) => u.node.code === node).unitsReserved as number;
    };
    const everyone = await units();
    const lumenOnly = await units(await token({ roles: ['storefront'], brands: ['lumen'] }));
    const haldenOnly = await units(storefront);
    expect(lumenOnly).toBeGreaterThanOrEqual(7);
    expect(everyone).toBeGreaterThanOrEqual(lumenOnly);
    expect(everyone - haldenOnly).toBeGreaterThanOrEqual(7);
  });

  it('a partner’s current score is computed over the caller’s brands’ contracts', async () => {
    const query = `{ partner(id: "${swiftlane}") { currentScorecard { weightedScore scorecards { contract { brand { slug } } weightedScore } } } }`;
    const all = (await stack.query(query)).data.partner.currentScorecard;
    const own = (await stack.query(query, undefined, await token({ roles: ['operations'], brands: ['halden'] }))).data.partner.currentScorecard;
    expect(all.scorecards.map((s: any) => s.contract.brand.slug).sort()).toEqual(['halden', 'kestrel', 'northwind']);
    expect(own.scorecards.map((s: any) => s.contract.brand.slug)).toEqual(['halden']);
    expect(own.weightedScore).toBeCloseTo(own.scorecards[0].weightedScore, 10);
    const mean = all.scorecards.reduce((sum: number, s: any) => sum + s.weightedScore, 0) / all.scorecards.length;
    expect(all.weightedScore).toBeCloseTo(mean, 10);
  });
});
