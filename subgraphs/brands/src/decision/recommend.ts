/**
 * The operate-vs-orchestrate recommendation: a pure function from a capability assessment (six
 * 1–5 scores) to OPERATE / ORCHESTRATE / FEDERATE / PARTNER, with its reasoning. The formula and
 * worked examples are in docs/operating-model.md; the unit tests hold them to it.
 *
 * Scores are normalised to 0–1 (`s' = (s − 1) / 4`) and combined into three pulls:
 *
 *   local pull   L = 0.6·differentiation' + 0.4·demandVolatility'      (toward operating locally)
 *   central pull C = 0.5·reusePotential'  + 0.5·processCommonality'    (toward orchestrating)
 *   partner fit  P = 0.5·(1 − differentiation') + 0.5·(1 − risk')      (how safely it can be handed over)
 *
 * A pull is high at 0.5 or more. Then, in order:
 *
 *   1. partner is allowed only with low differentiation and low risk (both ≤ 2); high risk (≥ 4)
 *      rules it out whatever else holds;
 *   2. central control (ORCHESTRATE, FEDERATE) needs a platform that can carry it: platformMaturity ≥ 3;
 *   3. L and C both high → FEDERATE (shared standards, the brand extends within guardrails);
 *      C high, L low → ORCHESTRATE; L high, C low → OPERATE;
 *   4. when the platform cannot carry a central model: OPERATE if the local pull is high, else
 *      PARTNER if allowed, else OPERATE; when neither pull is high: PARTNER if allowed, else OPERATE.
 *
 * A recommendation is borderline when moving any single score by one point changes the model.
 */

export type OperatingModel = 'OPERATE' | 'ORCHESTRATE' | 'FEDERATE' | 'PARTNER';

export interface Scores {
  differentiation: number;
  risk: number;
  reusePotential: number;
  demandVolatility: number;
  processCommonality: number;
  platformMaturity: number;
}

export type ScoreName = keyof Scores;
export const SCORE_NAMES: readonly ScoreName[] = [
  'differentiation',
  'risk',
  'reusePotential',
  'demandVolatility',
  'processCommonality',
  'platformMaturity',
];

export type Pull = 'LOCAL' | 'CENTRAL' | 'PARTNER_FIT' | 'GATE';

export interface Contribution {
  input: ScoreName;
  score: number;
  /** Which pull the input feeds; GATE inputs decide what is allowed rather than adding weight. */
  pull: Pull;
  weight: number;
  /** weight × normalised score (for PARTNER_FIT: weight × (1 − normalised score)); 0 for gates. */
  contribution: number;
}

export type RuleCode =
  | 'LOCAL_PULL_HIGH'
  | 'CENTRAL_PULL_HIGH'
  | 'BOTH_PULLS_HIGH'
  | 'PARTNER_ALLOWED'
  | 'HIGH_RISK_NO_PARTNER'
  | 'PLATFORM_CANNOT_CARRY_CENTRAL'
  | 'NO_STRONG_PULL';

export interface FiredRule {
  code: RuleCode;
  description: string;
}

export interface Sensitivity {
  input: ScoreName;
  score: number;
  model: OperatingModel;
}

export interface Recommendation {
  model: OperatingModel;
  localPull: number;
  centralPull: number;
  partnerFit: number;
  contributions: Contribution[];
  rulesFired: FiredRule[];
  borderline: boolean;
  /** One-point changes of a single score that would change the model. */
  flipsWith: Sensitivity[];
}

export const HIGH_PULL = 0.5;
export const MIN_MATURITY_FOR_CENTRAL = 3;
export const MAX_SCORE_FOR_PARTNER = 2;
export const HIGH_RISK = 4;

const WEIGHTS: { input: ScoreName; pull: Pull; weight: number }[] = [
  { input: 'differentiation', pull: 'LOCAL', weight: 0.6 },
  { input: 'demandVolatility', pull: 'LOCAL', weight: 0.4 },
  { input: 'reusePotential', pull: 'CENTRAL', weight: 0.5 },
  { input: 'processCommonality', pull: 'CENTRAL', weight: 0.5 },
  { input: 'differentiation', pull: 'PARTNER_FIT', weight: 0.5 },
  { input: 'risk', pull: 'PARTNER_FIT', weight: 0.5 },
  { input: 'platformMaturity', pull: 'GATE', weight: 0 },
];

const norm = (score: number) => (score - 1) / 4;
const round = (n: number) => Math.round(n * 1000) / 1000;

export function recommend(scores: Scores): Recommendation {
  const decided = decide(scores);
  const flipsWith: Sensitivity[] = [];
  for (const input of SCORE_NAMES) {
    for (const score of [scores[input] - 1, scores[input] + 1]) {
      if (score < 1 || score > 5) continue;
      const model = decide({ ...scores, [input]: score }).model;
      if (model !== decided.model) flipsWith.push({ input, score, model });
    }
  }
  return { ...decided, borderline: flipsWith.length > 0, flipsWith };
}

function decide(scores: Scores): Omit<Recommendation, 'borderline' | 'flipsWith'> {
  const contributions: Contribution[] = WEIGHTS.map(({ input, pull, weight }) => ({
    input,
    score: scores[input],
    pull,
    weight,
    contribution: pull === 'GATE' ? 0 : round(weight * (pull === 'PARTNER_FIT' ? 1 - norm(scores[input]) : norm(scores[input]))),
  }));
  const sum = (pull: Pull) => round(contributions.filter((c) => c.pull === pull).reduce((s, c) => s + c.contribution, 0));
  const localPull = sum('LOCAL');
  const centralPull = sum('CENTRAL');
  const partnerFit = sum('PARTNER_FIT');

  const rulesFired: FiredRule[] = [];
  const fire = (code: RuleCode, description: string) => rulesFired.push({ code, description });

  const localHigh = localPull >= HIGH_PULL;
  const centralHigh = centralPull >= HIGH_PULL;
  if (localHigh) fire('LOCAL_PULL_HIGH', `Differentiation and local demand volatility pull toward operating locally (L = ${localPull} ≥ ${HIGH_PULL}).`);
  if (centralHigh) fire('CENTRAL_PULL_HIGH', `Reuse potential and process commonality pull toward a shared service (C = ${centralPull} ≥ ${HIGH_PULL}).`);

  const highRisk = scores.risk >= HIGH_RISK;
  const partnerAllowed = !highRisk && scores.differentiation <= MAX_SCORE_FOR_PARTNER && scores.risk <= MAX_SCORE_FOR_PARTNER;
  if (highRisk) fire('HIGH_RISK_NO_PARTNER', `Risk ${scores.risk} ≥ ${HIGH_RISK}: the capability is never handed to a partner.`);
  else if (partnerAllowed) fire('PARTNER_ALLOWED', `Low differentiation (${scores.differentiation}) and low risk (${scores.risk}): a partner may run it.`);

  const fallback = (): OperatingModel => (partnerAllowed ? 'PARTNER' : 'OPERATE');
  const platformCarries = scores.platformMaturity >= MIN_MATURITY_FOR_CENTRAL;
  if (centralHigh && localHigh) fire('BOTH_PULLS_HIGH', 'Both pulls are high: shared standards, with the brand free to extend within guardrails.');
  let model: OperatingModel;
  if (centralHigh && !platformCarries) {
    fire(
      'PLATFORM_CANNOT_CARRY_CENTRAL',
      `Platform maturity ${scores.platformMaturity} < ${MIN_MATURITY_FOR_CENTRAL}: central control is not recommended until the platform can carry it.`,
    );
    // A capability the brand has reason to run itself stays with the brand rather than going to a partner.
    model = localHigh ? 'OPERATE' : fallback();
  } else if (centralHigh && localHigh) {
    model = 'FEDERATE';
  } else if (centralHigh) {
    model = 'ORCHESTRATE';
  } else if (localHigh) {
    model = 'OPERATE';
  } else {
    fire('NO_STRONG_PULL', 'Neither pull is high: hand it to a partner if allowed, otherwise keep operating it.');
    model = fallback();
  }
  return { model, localPull, centralPull, partnerFit, contributions, rulesFired };
}
