import { statementCount } from '../shared/src/db/data-source';
import { DEMO_BRANDS, DEMO_CAPABILITIES } from '../shared/src/demo/portfolio';
import { Stack, token } from './support/stack';

let stack: Stack;
let ines: string; // portfolio manager, proposes
let marc: string; // approver
let inesAlsoApprover: string;

beforeAll(async () => {
  stack = await Stack.start();
  ines = await token({ roles: ['portfolio-manager'], sub: 'ines@portfolio' });
  marc = await token({ roles: ['approver'], sub: 'marc@cio' });
  inesAlsoApprover = await token({ roles: ['portfolio-manager', 'approver'], sub: 'ines@portfolio' });
});
afterAll(async () => {
  await stack?.stop();
});

const SCORES = 'differentiation: 2, risk: 2, reusePotential: 4, demandVolatility: 2, processCommonality: 4, platformMaturity: 4';
const DECISION = 'id model status version isException recommendedModel proposedBy decidedBy effectiveFrom reviewDueAt supersedes { id model status } evidence { kind measuredValue source }';

async function portfolioLedgerLength() {
  const { data } = await stack.query('{ portfolioLedger { length } }');
  return data.portfolioLedger.length as number;
}

describe('the decision workflow for the declining heritage brand', () => {
  let earlier: { id: string; model: string };
  let proposalId: string;
  let beforeApproval: string;

  it('assesses STOREFRONT and explains the recommendation', async () => {
    const current = await stack.query('{ brand(slug: "halden") { operatingModel(capability: "STOREFRONT") { id model status } } }');
    earlier = current.data.brand.operatingModel;
    // The seed approved a decision for every brand × capability.
    expect(earlier).toMatchObject({ id: expect.any(String), model: expect.stringMatching(/^(OPERATE|ORCHESTRATE|FEDERATE|PARTNER)$/), status: 'APPROVED' });

    const { data, errors } = await stack.query(
      `mutation { assessCapability(input: { brand: "halden", capability: "STOREFRONT", ${SCORES}, notes: "Q4 review: the storefront is generic now" }) {
          id assessor notes capability { code } brand { slug }
          recommendation { model localPull centralPull partnerFit borderline rulesFired { code description } contributions { input score pull weight contribution } } } }`,
      undefined,
      ines,
    );
    expect(errors).toBeUndefined();
    const a = data.assessCapability;
    expect(a).toMatchObject({ assessor: 'ines@portfolio', capability: { code: 'STOREFRONT' }, brand: { slug: 'halden' } });
    expect(a.recommendation).toMatchObject({ model: 'ORCHESTRATE', localPull: 0.25, centralPull: 0.75 });
    expect(a.recommendation.rulesFired.map((r: any) => r.code)).toEqual(expect.arrayContaining(['CENTRAL_PULL_HIGH', 'PARTNER_ALLOWED']));
    expect(a.recommendation.contributions).toContainEqual({ input: 'reusePotential', score: 4, pull: 'CENTRAL', weight: 0.5, contribution: 0.375 });

    const view = await stack.query('{ brand(slug: "halden") { capabilities { capability { code } assessment { id } recommendation { model } decision { id } } } }');
    const storefront = view.data.brand.capabilities.find((c: any) => c.capability.code === 'STOREFRONT');
    expect(storefront).toMatchObject({ assessment: { id: a.id }, recommendation: { model: 'ORCHESTRATE' }, decision: { id: earlier.id } });
    expect(view.data.brand.capabilities).toHaveLength(DEMO_CAPABILITIES.length);
  });

  it('refuses an exception without evidence: EVIDENCE_REQUIRED', async () => {
    const before = await portfolioLedgerLength();
    const { errors } = await stack.query(
      'mutation { proposeOperatingModel(input: { brand: "halden", capability: "STOREFRONT", model: PARTNER, rationale: "Hand it to the licensee" }) { id } }',
      undefined,
      ines,
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'EVIDENCE_REQUIRED', recommendedModel: 'ORCHESTRATE' });
    expect(await portfolioLedgerLength()).toBe(before);
  });

  it('takes an exception with evidence as PROPOSED', async () => {
    const { data, errors } = await stack.query(
      `mutation { proposeOperatingModel(input: { brand: "halden", capability: "STOREFRONT", model: PARTNER,
          rationale: "Brightmark already runs the licensed range; a shared storefront would cost more than the brand earns",
          evidence: [{ kind: INCREMENTAL_REVENUE, measuredValue: 85000, unit: "EUR/year", source: "Brightmark offer 2026-10" }] }) { ${DECISION} } }`,
      undefined,
      ines,
    );
    expect(errors).toBeUndefined();
    expect(data.proposeOperatingModel).toMatchObject({ model: 'PARTNER', status: 'PROPOSED', isException: true, recommendedModel: 'ORCHESTRATE', proposedBy: 'ines@portfolio' });
    proposalId = data.proposeOperatingModel.id;
    const open = await stack.query('{ openExceptions { id status } }');
    expect(open.data.openExceptions).toContainEqual({ id: proposalId, status: 'PROPOSED' });
  });

  it('refuses approval by the proposer: SEPARATION_OF_DUTIES', async () => {
    const { errors } = await stack.query(`mutation { approveDecision(id: "${proposalId}", note: "LGTM") { status } }`, undefined, inesAlsoApprover);
    expect(errors?.[0]?.extensions?.code).toBe('SEPARATION_OF_DUTIES');
  });

  it('approves by another person: APPROVED, and the earlier decision is SUPERSEDED', async () => {
    beforeApproval = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const { data, errors } = await stack.query(`mutation { approveDecision(id: "${proposalId}", note: "Evidence holds; review at Q1 board") { ${DECISION} } }`, undefined, marc);
    expect(errors).toBeUndefined();
    const approved = data.approveDecision;
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: 'marc@cio', supersedes: { id: earlier.id, model: earlier.model, status: 'SUPERSEDED' } });
    const due = new Date(approved.reviewDueAt).getTime();
    const effective = new Date(approved.effectiveFrom).getTime();
    expect(due).toBeGreaterThan(effective);
    expect(due - effective).toBeLessThanOrEqual(184 * 86_400_000); // no later than the end of the next quarter
  });

  it('answers operatingModel(asOf:) before the approval with the earlier model', async () => {
    const { data } = await stack.query(`{ brand(slug: "halden") {
        then: operatingModel(capability: "STOREFRONT", asOf: "${beforeApproval}") { id model }
        now: operatingModel(capability: "STOREFRONT") { id model } } }`);
    expect(data.brand.then).toEqual({ id: earlier.id, model: earlier.model });
    expect(data.brand.now).toEqual({ id: proposalId, model: 'PARTNER' });
  });

  it('keeps one ledger entry per step, with actor and reason', async () => {
    const { data } = await stack.query(
      '{ brand(slug: "halden") { portfolioLedger(first: 4, actions: ["capability.assess", "decision.propose", "decision.approve", "decision.supersede"]) { nodes { action actor { subject } reason subject { id capability } } } } }',
    );
    const steps = data.brand.portfolioLedger.nodes.reverse();
    expect(steps.map((s: any) => [s.action, s.actor.subject])).toEqual([
      ['capability.assess', 'ines@portfolio'],
      ['decision.propose', 'ines@portfolio'],
      ['decision.supersede', 'marc@cio'],
      ['decision.approve', 'marc@cio'],
    ]);
    expect(steps[1].reason).toMatch(/Brightmark/);
    expect(steps[3].reason).toBe('Evidence holds; review at Q1 board');
    expect(steps.every((s: any) => s.subject.capability === 'STOREFRONT')).toBe(true);
  });

  it('refuses approving or rejecting an already-decided decision: DECISION_ALREADY_DECIDED', async () => {
    for (const mutation of [`approveDecision(id: "${proposalId}", note: "again")`, `rejectDecision(id: "${proposalId}", reason: "too late")`]) {
      const { errors } = await stack.query(`mutation { ${mutation} { status } }`, undefined, marc);
      expect(errors?.[0]?.extensions?.code).toBe('DECISION_ALREADY_DECIDED');
    }
  });

  it('rejects a proposal and leaves the decision in effect', async () => {
    const proposed = await stack.query(
      'mutation { proposeOperatingModel(input: { brand: "halden", capability: "STOREFRONT", model: ORCHESTRATE, rationale: "Back to the platform" }) { id isException } }',
      undefined,
      ines,
    );
    expect(proposed.data.proposeOperatingModel.isException).toBe(false);
    const { data } = await stack.query(`mutation { rejectDecision(id: "${proposed.data.proposeOperatingModel.id}", reason: "Contract with Brightmark runs to 2030") { status decisionNote } }`, undefined, marc);
    expect(data.rejectDecision).toEqual({ status: 'REJECTED', decisionNote: 'Contract with Brightmark runs to 2030' });
    const now = await stack.query('{ brand(slug: "halden") { operatingModel(capability: "STOREFRONT") { id } } }');
    expect(now.data.brand.operatingModel.id).toBe(proposalId);
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['a score above 5', `assessCapability(input: { brand: "halden", capability: "PRICING", differentiation: 6, risk: 2, reusePotential: 3, demandVolatility: 3, processCommonality: 3, platformMaturity: 3 }) { id }`, 'BAD_USER_INPUT'],
    ['a score below 1', `assessCapability(input: { brand: "halden", capability: "PRICING", differentiation: 3, risk: 0, reusePotential: 3, demandVolatility: 3, processCommonality: 3, platformMaturity: 3 }) { id }`, 'BAD_USER_INPUT'],
    ['an unknown brand', `assessCapability(input: { brand: "nope", capability: "PRICING", ${SCORES} }) { id }`, 'NOT_FOUND'],
    ['an unknown capability', `assessCapability(input: { brand: "halden", capability: "TELEPORTATION", ${SCORES} }) { id }`, 'NOT_FOUND'],
    ['a proposal for an unknown capability', 'proposeOperatingModel(input: { brand: "halden", capability: "TELEPORTATION", model: OPERATE, rationale: "x" }) { id }', 'NOT_FOUND'],
    ['an unknown decision', 'approveDecision(id: "00000000-0000-5000-8000-000000000000", note: "x") { id }', 'NOT_FOUND'],
  ])('%s', async (_what, mutation, code) => {
    const before = await portfolioLedgerLength();
    const { errors } = await stack.query(`mutation { ${mutation} }`);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await portfolioLedgerLength()).toBe(before);
  });
});

describe('portfolio views', () => {
  const MATRIX = '{ portfolioMatrix { exceptions reviewsOverdue brands { slug } capabilities { code } cells { brand { slug } capability { code } decidedModel recommendedModel isException borderline reviewDueAt reviewOverdue } } }';

  it('show the seeded portfolio: every cell, approved exceptions, overdue reviews', async () => {
    const { data, errors } = await stack.query(MATRIX);
    expect(errors).toBeUndefined();
    const m = data.portfolioMatrix;
    expect(m.cells).toHaveLength(DEMO_BRANDS.length * DEMO_CAPABILITIES.length);
    expect(m.exceptions).toBeGreaterThanOrEqual(1);
    expect(m.reviewsOverdue).toBeGreaterThanOrEqual(1);
    expect(m.cells.find((c: any) => c.brand.slug === 'halden' && c.capability.code === 'FULFILLMENT')).toMatchObject({ decidedModel: 'PARTNER', isException: true });
    const due = await stack.query('{ reviewsDue { id reviewDueAt reviewOverdue brand { slug } } }');
    expect(due.data.reviewsDue.length).toBe(m.reviewsOverdue); // at least one, checked above
    expect(due.data.reviewsDue.every((d: any) => d.reviewOverdue)).toBe(true);
    const exceptions = await stack.query('{ openExceptions { status isException brand { slug } capability { code } } }');
    expect(exceptions.data.openExceptions).toContainEqual({ status: 'PROPOSED', isException: true, brand: { slug: 'lumen' }, capability: { code: 'STOREFRONT' } });
    expect(exceptions.data.openExceptions.filter((d: any) => d.status === 'APPROVED').length).toBeGreaterThanOrEqual(1);
  });

  it('answers the whole matrix in a constant number of SQL statements', async () => {
    const count = async (as?: any) => {
      const before = statementCount(stack.subgraphs.brands.dataSource);
      const { errors } = await stack.query(MATRIX, undefined, as);
      expect(errors).toBeUndefined();
      return statementCount(stack.subgraphs.brands.dataSource) - before;
    };
    const all = await count();
    const scoped = await token({ roles: ['portfolio-manager'], brands: ['kestrel'] });
    await count(scoped); // the gateway learns the brand directory on a scoped token's first request
    const one = await count(scoped);
    expect(all).toBeLessThanOrEqual(6);
    expect(one).toBe(all);
  });

  it('shows a brand-scoped caller only its own cells', async () => {
    const { data } = await stack.query(MATRIX, undefined, { roles: ['storefront'], brands: ['kestrel'] });
    expect(new Set(data.portfolioMatrix.cells.map((c: any) => c.brand.slug))).toEqual(new Set(['kestrel']));
  });
});
