import { DEMO_CONTRACTS, partnerIdByKey } from '../shared/src/demo/portfolio';
import { Stack, token } from './support/stack';

/**
 * Rollouts in 30-60-90: an approved decision that changes who runs a capability opens a rollout
 * whose phases complete only when their gates, checked from data, are met.
 */
let stack: Stack;
let ines: string; // portfolio manager
let marc: string; // approver
let olga: string; // operations
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await Stack.start();
  ines = await token({ roles: ['portfolio-manager'], sub: 'ines@portfolio' });
  marc = await token({ roles: ['approver'], sub: 'marc@cio' });
  olga = await token({ roles: ['operations'], sub: 'olga@ops' });
});
afterAll(async () => {
  await stack?.stop();
});

const ROLLOUT = 'id status fromModel toModel openedAt closedAt currentPhase decision { id model } phases { phase position dueAt completedAt completedBy overdue gates { code met } }';

async function decide(model: string, evidence: object[] = []): Promise<string> {
  const proposed = await stack.query(
    `mutation($input: ProposeOperatingModelInput!) { proposeOperatingModel(input: $input) { id } }`,
    { input: { brand: 'halden', capability: 'FULFILLMENT', model, rationale: `Halden's fulfillment: ${model}`, evidence } },
    ines,
  );
  expect(proposed.errors).toBeUndefined();
  const approved = await stack.query(`mutation { approveDecision(id: "${proposed.data.proposeOperatingModel.id}", note: "Board, ${model}") { rollout { ${ROLLOUT} } } }`, undefined, marc);
  expect(approved.errors).toBeUndefined();
  return approved.data.approveDecision.rollout?.id;
}

const complete = (rolloutId: string, phase: string) =>
  stack.query(`mutation { completePhase(rolloutId: "${rolloutId}", phase: ${phase}, reason: "Gate review ${phase}") { ${ROLLOUT} } }`, undefined, ines);

describe('moving Halden’s fulfillment to a partner', () => {
  let back: string;
  let rolloutId: string;

  it('opens a rollout with three phases due in 30, 60 and 90 days, and supersedes the one in progress', async () => {
    // Back to the platform first (the recommendation), then to a partner again: each change opens a rollout.
    back = await decide('ORCHESTRATE');
    rolloutId = await decide('PARTNER', [{ kind: 'RISK_REDUCTION', measuredValue: 0.35, unit: 'share of fixed cost made variable', source: 'FP&A FY27' }]);
    const { data } = await stack.query(`{ rollout(id: "${rolloutId}") { ${ROLLOUT} } earlier: rollout(id: "${back}") { status fromModel toModel } }`);
    expect(data.earlier).toEqual({ status: 'SUPERSEDED', fromModel: 'PARTNER', toModel: 'ORCHESTRATE' });
    const rollout = data.rollout;
    expect(rollout).toMatchObject({ status: 'IN_PROGRESS', fromModel: 'ORCHESTRATE', toModel: 'PARTNER', currentPhase: 'DIAGNOSE', closedAt: null });
    const opened = new Date(rollout.openedAt).getTime();
    expect(rollout.phases.map((p: any) => [p.phase, Math.round((new Date(p.dueAt).getTime() - opened) / 86_400_000), p.overdue])).toEqual([
      ['DIAGNOSE', 30, false],
      ['DESIGN', 60, false],
      ['PILOT', 90, false],
    ]);
    const listed = await stack.query('{ brand(slug: "halden") { rollouts(status: IN_PROGRESS) { id } } rollouts(status: SUPERSEDED) { id } }');
    expect(listed.data.brand.rollouts).toEqual([{ id: rolloutId }]);
    expect(listed.data.rollouts).toContainEqual({ id: back });
    // A review confirming the same model keeps the rollout going, under the new decision.
    const confirmed = await decide('PARTNER', [{ kind: 'RISK_REDUCTION', measuredValue: 0.35, unit: 'share of fixed cost made variable', source: 'FP&A FY27, reviewed' }]);
    expect(confirmed).toBe(rolloutId);
    const renewed = await stack.query(`{ rollout(id: "${rolloutId}") { status decision { status version } } }`);
    expect(renewed.data.rollout).toMatchObject({ status: 'IN_PROGRESS', decision: { status: 'APPROVED' } });
    const due = await stack.query(`{ rolloutPhasesDue(before: "${new Date(Date.now() + 31 * 86_400_000).toISOString()}") { phase overdue rollout { id } } }`);
    expect(due.data.rolloutPhasesDue).toContainEqual({ phase: 'DIAGNOSE', overdue: false, rollout: { id: rolloutId } });
    // Overdue phases appear with the reviews due: the demo's Kestrel storefront rollout never signed off its diagnosis.
    const overdue = await stack.query('{ rolloutPhasesDue { phase overdue rollout { brand { slug } toModel } } reviewsDue { id } }');
    expect(overdue.data.rolloutPhasesDue).toContainEqual({ phase: 'DIAGNOSE', overdue: true, rollout: { brand: { slug: 'kestrel' }, toModel: 'PARTNER' } });
  });

  it('completes DIAGNOSE from data, and refuses the phases out of order', async () => {
    const early = await complete(rolloutId, 'DESIGN');
    expect(early.errors?.[0]?.extensions?.code).toBe('PHASE_OUT_OF_ORDER');
    // The seeded portfolio has Halden's assessment, and orders routed in the last weeks: a cost-to-serve baseline.
    const done = await complete(rolloutId, 'DIAGNOSE');
    expect(done.errors).toBeUndefined();
    const diagnose = done.data.completePhase.phases.find((p: any) => p.phase === 'DIAGNOSE');
    expect(diagnose).toMatchObject({ completedBy: 'ines@portfolio', gates: [{ code: 'ASSESSMENT', met: true }, { code: 'RECOMMENDATION', met: true }, { code: 'COST_TO_SERVE', met: true }] });
    expect(done.data.completePhase.currentPhase).toBe('DESIGN');
    expect((await complete(rolloutId, 'DIAGNOSE')).errors?.[0]?.extensions?.code).toBe('PHASE_OUT_OF_ORDER');
  });

  it('cannot complete DESIGN without a contract with SLA targets covering fulfillment, nor without the control model', async () => {
    // Swiftlane is under notice: no active contract covers Halden's fulfillment any more.
    const swiftlane = DEMO_CONTRACTS.find((c) => c.key === 'swiftlane-halden')!.id;
    expect((await stack.query(`mutation { giveNotice(contractId: "${swiftlane}", reason: "Re-tender") { status } }`, undefined, olga)).errors).toBeUndefined();
    const refused = await complete(rolloutId, 'DESIGN');
    expect(refused.errors?.[0]?.extensions?.code).toBe('PHASE_GATE_UNMET');
    expect(refused.errors![0]!.extensions!.unmetGates.map((g: any) => g.code)).toEqual(['RESPONSIBILITIES', 'KPIS', 'ESCALATION_PATH', 'PARTNER_CONTRACT']);

    const design = await stack.query(
      `mutation($design: RolloutDesignInput!) { recordRolloutDesign(rolloutId: "${rolloutId}", design: $design, reason: "Design workshop") { design { responsibilities { activity owner } kpis { kpi target } escalationPath { level role } recordedBy } } }`,
      {
        design: {
          responsibilities: [
            { activity: 'Pick, pack and ship UK orders', owner: 'Partner' },
            { activity: 'Own the stock and the promise', owner: 'Halden operations' },
          ],
          kpis: [{ kpi: 'OTIF', target: 0.95 }, { kpi: 'DOCK_TO_STOCK_HOURS', target: 24, unit: 'hours' }],
          escalationPath: [{ level: 1, role: 'Account manager', responseHours: 48 }, { level: 2, role: 'Head of partner operations', responseHours: 24 }],
        },
      },
      ines,
    );
    expect(design.errors).toBeUndefined();
    expect(design.data.recordRolloutDesign.design.recordedBy).toBe('ines@portfolio');
    const stillRefused = await complete(rolloutId, 'DESIGN');
    expect(stillRefused.errors![0]!.extensions!.unmetGates.map((g: any) => g.code)).toEqual(['PARTNER_CONTRACT']);

    const contract = await stack.query(
      `mutation { createContract(input: { partnerId: "${partnerIdByKey('meridian')}", brand: "halden", capabilityScope: ["FULFILLMENT"], model: OUTSOURCE,
        slaTargets: [{ kpi: OTIF, target: 0.95, direction: HIGHER_IS_BETTER }, { kpi: FILL_RATE, target: 0.98, direction: HIGHER_IS_BETTER }],
        auditRights: { scope: "Sites and records", frequency: "ANNUAL", noticeDays: 30 }, escalationSteps: [{ level: 1, role: "Account manager", responseHours: 48 }],
        exitTerms: { noticeDays: 90, cureDays: 30, transitionDays: 60 }, fees: { monthlyFee: 2500, feePerOrder: 1.2 },
        validFrom: "${day(0)}", validTo: "${day(730)}", reason: "Halden fulfillment to Meridian" }) { id } }`,
      undefined,
      olga,
    );
    expect(contract.errors).toBeUndefined();
    const done = await complete(rolloutId, 'DESIGN');
    expect(done.errors).toBeUndefined();
    expect(done.data.completePhase.phases.find((p: any) => p.phase === 'DESIGN').gates).toContainEqual({ code: 'PARTNER_CONTRACT', met: true });
  });

  it('completes PILOT once a pilot of the new model succeeded, which closes the rollout; the ledger shows every step', async () => {
    const refused = await complete(rolloutId, 'PILOT');
    expect(refused.errors![0]!.extensions!.unmetGates.map((g: any) => g.code)).toEqual(['PILOT_SUCCEEDED']);

    const planned = await stack.query(
      `mutation($input: PlanPilotInput!) { planPilot(input: $input) { id } }`,
      {
        input: {
          brand: 'halden',
          capability: 'FULFILLMENT',
          model: 'PARTNER',
          hypothesis: 'Meridian ships Halden’s UK orders on time',
          scope: { regions: ['UK'] },
          metrics: [{ metric: 'OTIF', baseline: 0.93, target: 0.95, direction: 'HIGHER_IS_BETTER', dataSource: 'Meridian scorecard' }],
          startsOn: day(0),
          endsOn: day(30),
        },
      },
      ines,
    );
    const pilotId = planned.data.planPilot.id;
    await stack.query(`mutation { startPilot(id: "${pilotId}") { id } }`, undefined, ines);
    await stack.query(`mutation { recordPilotMeasurement(input: { pilotId: "${pilotId}", metric: "OTIF", value: 0.97 }) { id } }`, undefined, olga);
    expect((await stack.query(`mutation { concludePilot(id: "${pilotId}", outcome: SUCCEEDED, reason: "On time") { status } }`, undefined, ines)).errors).toBeUndefined();

    const done = await complete(rolloutId, 'PILOT');
    expect(done.errors).toBeUndefined();
    expect(done.data.completePhase).toMatchObject({ status: 'COMPLETED', currentPhase: null, closedAt: expect.any(String) });
    expect(done.data.completePhase.phases.every((p: any) => p.completedAt && p.gates.every((g: any) => g.met))).toBe(true);
    const again = await complete(rolloutId, 'PILOT');
    expect(again.errors?.[0]?.extensions?.code).toBe('ROLLOUT_NOT_IN_PROGRESS');

    const { data } = await stack.query(`{ portfolioLedger { entries(subjectId: "${rolloutId}") { nodes { action actor { subject } } } } }`);
    expect(data.portfolioLedger.entries.nodes.reverse().map((e: any) => e.action)).toEqual([
      'rollout.open',
      'rollout.decision.replace',
      'rollout.phase.complete',
      'rollout.design',
      'rollout.phase.complete',
      'rollout.phase.complete',
      'rollout.complete',
    ]);
  });
});
