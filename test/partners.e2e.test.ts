import { DEMO_CONTRACTS, partnerIdByKey } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { sweepBreaches } from '../subgraphs/partners/src/breach/breach-sweep';
import type { RoutingServices } from '../subgraphs/inventory/src/routing/routing-services';
import { Stack, token } from './support/stack';

let stack: Stack;
let ops: string;
const contract = (key: string) => DEMO_CONTRACTS.find((c) => c.key === key)!.id;
const SWIFTLANE = partnerIdByKey('swiftlane');
const THIS_MONTH = new Date().toISOString().slice(0, 7);
const partnersDb = () => stack.subgraphs.partners.dataSource;

beforeAll(async () => {
  stack = await Stack.start();
  ops = await token({ roles: ['operations'], sub: 'olga@ops' });
});
afterAll(async () => {
  await stack?.stop();
});

const RECORD = `mutation($contractId: ID!, $period: String!, $actuals: [KpiActualInput!]!) {
  recordPerformance(contractId: $contractId, period: $period, actuals: $actuals) {
    id period version weightedScore kpis { kpi target actual attainment met } } }`;

async function counts() {
  const [row] = await partnersDb().query(
    'SELECT (SELECT count(*)::int FROM ledger_entry) AS ledger, (SELECT count(*)::int FROM performance_report) AS reports, (SELECT count(*)::int FROM breach) AS breaches',
  );
  return row;
}

describe('a 3PL below target', () => {
  const halden = contract('swiftlane-halden');
  const BREACHES = `{ partner(id: "${SWIFTLANE}") { status openBreaches { id kpi severity cureDueAt escalationLevel actual target period } } }`;

  it('opens a breach per KPI below target, with the cure date from the contract, and puts the partner on probation', async () => {
    const { data, errors } = await stack.query(
      RECORD,
      { contractId: halden, period: THIS_MONTH, actuals: [{ kpi: 'OTIF', value: 0.8 }, { kpi: 'FILL_RATE', value: 0.975 }, { kpi: 'ORDER_ACCURACY', value: 0.999 }] },
      ops,
    );
    expect(errors).toBeUndefined();
    const card = data.recordPerformance;
    expect(card).toMatchObject({ period: THIS_MONTH, version: 1 });
    expect(card.kpis).toEqual([
      { kpi: 'OTIF', target: 0.95, actual: 0.8, attainment: 0.8421, met: false },
      { kpi: 'FILL_RATE', target: 0.98, actual: 0.975, attainment: 0.9949, met: false },
      { kpi: 'ORDER_ACCURACY', target: 0.995, actual: 0.999, attainment: 1, met: true },
    ]);
    expect(card.weightedScore).toBe(0.9042); // (3·0.8421 + 0.9949 + 1) / 5

    const { data: view } = await stack.query(BREACHES);
    const mine = view.partner.openBreaches.filter((b: any) => b.period === THIS_MONTH);
    const [year, month] = THIS_MONTH.split('-').map(Number);
    const cure = new Date(Date.UTC(year!, month!, 1) - 1 + 45 * 86_400_000).toISOString(); // end of period + 45 cure days
    expect(mine).toHaveLength(2);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kpi: 'OTIF', severity: 'CRITICAL', escalationLevel: 1, cureDueAt: cure }),
        expect.objectContaining({ kpi: 'FILL_RATE', severity: 'MINOR', escalationLevel: 1, cureDueAt: cure }),
      ]),
    );
    expect(view.partner.status).toBe('PROBATION');
  });

  it('re-recording the period keeps the earlier version and reconciles the breaches', async () => {
    const { data } = await stack.query(RECORD, { contractId: halden, period: THIS_MONTH, actuals: [{ kpi: 'OTIF', value: 0.8 }, { kpi: 'FILL_RATE', value: 0.99 }] }, ops);
    expect(data.recordPerformance.version).toBe(2);
    const history = await partnersDb().query('SELECT version, current FROM performance_report WHERE contract_id = $1 AND period = $2 ORDER BY version', [halden, THIS_MONTH]);
    expect(history).toEqual([{ version: 1, current: false }, { version: 2, current: true }]);
    const { data: view } = await stack.query(BREACHES);
    expect(view.partner.openBreaches.filter((b: any) => b.period === THIS_MONTH).map((b: any) => b.kpi)).toEqual(['OTIF']);
    const [resolved] = await partnersDb().query("SELECT status, resolution->>'reason' AS reason FROM breach WHERE contract_id = $1 AND kpi = 'FILL_RATE' AND period = $2", [halden, THIS_MONTH]);
    expect(resolved).toEqual({ status: 'RESOLVED', reason: 'Restated performance meets the FILL_RATE target' });
  });

  it('escalates along the contract and refuses to go past the last level', async () => {
    const { data: view } = await stack.query(BREACHES);
    const otif = view.partner.openBreaches.find((b: any) => b.period === THIS_MONTH && b.kpi === 'OTIF');
    for (const level of [2, 3]) {
      const { data, errors } = await stack.query(`mutation { escalateBreach(id: "${otif.id}", reason: "No cure plan received") { escalationLevel } }`, undefined, ops);
      expect(errors).toBeUndefined();
      expect(data.escalateBreach.escalationLevel).toBe(level);
    }
    const { errors } = await stack.query(`mutation { escalateBreach(id: "${otif.id}", reason: "Again") { escalationLevel } }`, undefined, ops);
    expect(errors?.[0]?.extensions?.code).toBe('ESCALATION_EXHAUSTED');
  });

  it('reads breaches as stored: an overdue cure escalates when a sweep runs, once however many sweep at once', async () => {
    const kestrel = contract('swiftlane-kestrel');
    const [overdue]: [{ id: string; escalation_level: number }[], number] = await partnersDb().query(
      "UPDATE breach SET cure_due_at = now() - interval '1 hour' WHERE contract_id = $1 AND status = 'OPEN' RETURNING id, escalation_level",
      [kestrel],
    );
    expect(overdue).toEqual([{ id: expect.any(String), escalation_level: 1 }]); // the seeded slipping OTIF month
    const breachId = overdue[0]!.id;
    const levelOf = async () => (await stack.query(BREACHES)).data.partner.openBreaches.find((b: any) => b.id === breachId).escalationLevel;
    const ledgerLength = async () => (await stack.query('{ partnerLedger { length } }')).data.partnerLedger.length as number;

    const before = await ledgerLength();
    expect(await levelOf()).toBe(1);
    expect(await levelOf()).toBe(1);
    expect(await ledgerLength()).toBe(before); // reading wrote nothing

    const SWEEP = 'mutation { sweepBreaches(reason: "Month-end partner review") { escalatedBreaches partnerStatusChanges } }';
    const sweeps = await Promise.all([stack.query(SWEEP, undefined, ops), stack.query(SWEEP, undefined, ops)]);
    expect(sweeps.map((s) => s.errors)).toEqual([undefined, undefined]);
    expect(sweeps.map((s) => s.data.sweepBreaches.escalatedBreaches).sort()).toEqual([0, 1]);
    const again = await stack.query(SWEEP, undefined, ops);
    expect(again.data.sweepBreaches).toEqual({ escalatedBreaches: 0, partnerStatusChanges: 0 });
    expect(await levelOf()).toBe(2);

    const { data } = await stack.query(`{ partnerLedger {
      escalations: entries(subjectId: "${breachId}", actions: ["breach.escalate"]) { nodes { actor { subject } after requestId } }
      sweeps: entries(first: 3, actions: ["breach.sweep"]) { nodes { actor { subject } reason requestId } } } }`);
    expect(data.partnerLedger.escalations.nodes).toEqual([
      { actor: { subject: 'system:breach-sweep' }, after: expect.objectContaining({ escalationLevel: 2 }), requestId: expect.any(String) },
    ]);
    const sweepEntries = data.partnerLedger.sweeps.nodes;
    expect(sweepEntries).toHaveLength(3);
    expect(sweepEntries.every((e: any) => e.actor.subject === 'olga@ops' && e.reason === 'Month-end partner review')).toBe(true);
    // The escalation is tied to the request of the sweep that made it.
    expect(sweepEntries.map((e: any) => e.requestId)).toContain(data.partnerLedger.escalations.nodes[0].requestId);
  });

  it('suspends the partner when the cure is overdue at the last level, and routing stops choosing its nodes', async () => {
    await sweepBreaches(partnersDb(), new Date(Date.now() + 400 * 86_400_000), [SWIFTLANE]);
    const { data } = await stack.query(`{ partner(id: "${SWIFTLANE}") { status } partnerLedger { entries(first: 1, subjectType: "Partner") { nodes { action after actor { subject } } } } }`);
    expect(data.partner.status).toBe('SUSPENDED');
    expect(data.partnerLedger.entries.nodes[0]).toMatchObject({ action: 'partner.status.follow', after: { status: 'SUSPENDED' }, actor: { subject: 'system:breach-sweep' } });

    await (stack.subgraphs.inventory.services as RoutingServices).facts.refresh();
    // Halden's fulfillment is decided PARTNER: Swiftlane Leeds was its only node.
    const routed = await stack.query(
      `mutation { routeOrder(input: { brand: "halden", orderRef: "AFTER-SUSPENSION", lines: [{ skuId: "${stableId('sku:HAL-001')}", quantity: 1 }], destinationRegion: "UK" }) { id } }`,
      undefined,
      ops,
    );
    expect(routed.errors?.[0]?.extensions?.code).toBe('NO_ELIGIBLE_NODE');
    expect(routed.errors?.[0]?.extensions?.candidates).toContainEqual({ node: '3PL-LEEDS', excludedBy: 'PARTNER_SUSPENDED' });
  });

  it('ranks partners by open breach severity and trend', async () => {
    const { data, errors } = await stack.query('{ partnerRisk { rank partner { name } openBreaches criticalBreaches severityScore trend latestScore } }');
    expect(errors).toBeUndefined();
    expect(data.partnerRisk[0]).toMatchObject({ rank: 1, partner: { name: 'Swiftlane Logistics' }, criticalBreaches: 1 });
    expect(data.partnerRisk.map((r: any) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('shows a partner-run node’s operator with its current scorecard', async () => {
    const { data } = await stack.query('{ fulfillmentNodes { code operator { name currentScorecard { period weightedScore } } } }');
    const leeds = data.fulfillmentNodes.find((n: any) => n.code === '3PL-LEEDS');
    expect(leeds.operator).toMatchObject({ name: 'Swiftlane Logistics', currentScorecard: { period: THIS_MONTH, weightedScore: expect.any(Number) } });
  });
});

describe('contracts', () => {
  it('amending keeps the earlier version readable, and the ledger shows both', async () => {
    const original = contract('swiftlane-northwind');
    const { data, errors } = await stack.query(
      `mutation { amendContract(contractId: "${original}", changes: { exitTerms: { noticeDays: 120, cureDays: 30, transitionDays: 90 } }, reason: "Renegotiated exit terms") {
          id version status supersedes { id version status } exitTerms { noticeDays } versions { version status } } }`,
      undefined,
      ops,
    );
    expect(errors).toBeUndefined();
    const amended = data.amendContract;
    expect(amended).toMatchObject({ version: 2, status: 'ACTIVE', supersedes: { id: original, version: 1, status: 'SUPERSEDED' }, exitTerms: { noticeDays: 120 } });
    expect(amended.versions).toEqual([{ version: 1, status: 'SUPERSEDED' }, { version: 2, status: 'ACTIVE' }]);
    const old = await stack.query(`{ contract(id: "${original}") { version status exitTerms { noticeDays } } }`);
    expect(old.data.contract).toEqual({ version: 1, status: 'SUPERSEDED', exitTerms: { noticeDays: 90 } });
    const ledger = await stack.query('{ brand(slug: "northwind") { partnerLedger(actions: ["contract.create", "contract.amend"]) { nodes { action subject { id } before after } } } }');
    const entries = ledger.data.brand.partnerLedger.nodes;
    expect(entries.find((e: any) => e.action === 'contract.amend')).toMatchObject({ subject: { id: amended.id }, before: { version: 1 }, after: { version: 2, supersedes: original } });
    expect(entries.filter((e: any) => e.action === 'contract.create' && e.subject.id === original)).toHaveLength(1);
    const current = await stack.query('{ brand(slug: "northwind") { contracts { id version } } }');
    expect(current.data.brand.contracts).toEqual([{ id: amended.id, version: 2 }]);
  });

  it('gives notice with the exit date from the notice terms, once', async () => {
    const id = contract('marketa-lumen');
    const { data } = await stack.query(`mutation { giveNotice(contractId: "${id}", reason: "Moving to own storefront") { status exitDate } }`, undefined, ops);
    const expected = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    expect(data.giveNotice).toEqual({ status: 'NOTICE_GIVEN', exitDate: expected });
    const again = await stack.query(`mutation { giveNotice(contractId: "${id}", reason: "again") { status } }`, undefined, ops);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOTICE_ALREADY_GIVEN');
  });

  it('lets a storefront token see its brand’s partners but not contract commercial terms', async () => {
    const storefront = await token({ roles: ['storefront'], brands: ['halden'] });
    const { data, errors } = await stack.query(
      '{ brand(slug: "halden") { partners { name } contracts { model capabilityScope validTo slaTargets { kpi } kpiWeights { kpi } exitTerms { noticeDays } } } }',
      undefined,
      storefront,
    );
    expect(data.brand.partners.map((p: any) => p.name)).toEqual(['Brightmark Licensing', 'Swiftlane Logistics']);
    expect(data.brand.contracts).toHaveLength(2); // Swiftlane (fulfillment) and Brightmark (licensed range)
    expect(data.brand.contracts.map((c: any) => c.model).sort()).toEqual(['LICENSE', 'OUTSOURCE']);
    for (const c of data.brand.contracts) {
      expect(c.capabilityScope.length).toBeGreaterThan(0);
      expect(c.validTo).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(c.slaTargets).toBeNull();
      expect(c.kpiWeights).toBeNull();
      expect(c.exitTerms).toBeNull();
    }
    expect(new Set(errors!.map((e) => e.extensions!.code))).toEqual(new Set(['UNAUTHORIZED_FIELD_OR_TYPE']));
  });
});

describe('invalid actuals change nothing', () => {
  const tidepool = contract('meridian-tidepool'); // targets: OTIF, ON_TIME_SHIP; valid 2026-01-01 to 2027-12-31
  it.each([
    ['a negative rate', '2026-03', [{ kpi: 'OTIF', value: -0.2 }], 'INVALID_ACTUAL'],
    ['a rate above 1', '2026-03', [{ kpi: 'OTIF', value: 1.4 }], 'INVALID_ACTUAL'],
    ['a KPI the contract has no target for', '2026-03', [{ kpi: 'FILL_RATE', value: 0.9 }], 'KPI_NOT_IN_CONTRACT'],
    ['a period before the contract', '2025-06', [{ kpi: 'OTIF', value: 0.9 }], 'PERIOD_OUTSIDE_CONTRACT'],
    ['a period after the contract', '2028-01', [{ kpi: 'OTIF', value: 0.9 }], 'PERIOD_OUTSIDE_CONTRACT'],
    ['a malformed period', '2026-3', [{ kpi: 'OTIF', value: 0.9 }], 'BAD_USER_INPUT'],
  ])('%s', async (_what, period, actuals, code) => {
    const before = await counts();
    const { errors } = await stack.query(RECORD, { contractId: tidepool, period, actuals }, ops);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('an unknown KPI name', async () => {
    const { errors } = await stack.query(RECORD, { contractId: tidepool, period: '2026-03', actuals: [{ kpi: 'SPEED', value: 0.9 }] }, ops);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
