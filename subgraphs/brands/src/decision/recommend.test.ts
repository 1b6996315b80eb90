import {
  HIGH_PULL,
  HIGH_RISK,
  MAX_SCORE_FOR_PARTNER,
  MIN_MATURITY_FOR_CENTRAL,
  OperatingModel,
  recommend,
  Recommendation,
  RuleCode,
  ScoreName,
  SCORE_NAMES,
  Scores,
} from './recommend';

// ---------------------------------------------------------------------------------------------
// Worked examples (the same numbers are quoted in docs/operating-model.md)
// ---------------------------------------------------------------------------------------------

interface WorkedExample {
  capability: string;
  scores: Scores;
  model: OperatingModel;
  localPull: number;
  centralPull: number;
  partnerFit: number;
  rules: RuleCode[];
  /** One-point changes that would change the model, as "input score → MODEL". */
  flipsWith: string[];
}

const WORKED_EXAMPLES: WorkedExample[] = [
  {
    capability: "a luxury brand's storefront",
    scores: { differentiation: 5, risk: 3, reusePotential: 2, demandVolatility: 4, processCommonality: 2, platformMaturity: 4 },
    model: 'OPERATE',
    localPull: 0.9,
    centralPull: 0.25,
    partnerFit: 0.25,
    rules: ['LOCAL_PULL_HIGH'],
    flipsWith: [],
  },
  {
    capability: 'payments',
    scores: { differentiation: 1, risk: 5, reusePotential: 5, demandVolatility: 1, processCommonality: 5, platformMaturity: 4 },
    model: 'ORCHESTRATE',
    localPull: 0,
    centralPull: 1,
    partnerFit: 0.5,
    rules: ['CENTRAL_PULL_HIGH', 'HIGH_RISK_NO_PARTNER'],
    flipsWith: [],
  },
  {
    capability: "a heritage brand's customer service with an immature platform",
    scores: { differentiation: 4, risk: 3, reusePotential: 4, demandVolatility: 3, processCommonality: 4, platformMaturity: 2 },
    model: 'OPERATE',
    localPull: 0.65,
    centralPull: 0.75,
    partnerFit: 0.375,
    rules: ['LOCAL_PULL_HIGH', 'CENTRAL_PULL_HIGH', 'BOTH_PULLS_HIGH', 'PLATFORM_CANNOT_CARRY_CENTRAL'],
    flipsWith: ['platformMaturity 3 → FEDERATE'],
  },
  {
    capability: "the same heritage brand's customer service once the platform matures",
    scores: { differentiation: 4, risk: 3, reusePotential: 4, demandVolatility: 3, processCommonality: 4, platformMaturity: 4 },
    model: 'FEDERATE',
    localPull: 0.65,
    centralPull: 0.75,
    partnerFit: 0.375,
    rules: ['LOCAL_PULL_HIGH', 'CENTRAL_PULL_HIGH', 'BOTH_PULLS_HIGH'],
    flipsWith: [],
  },
  {
    capability: 'a loyalty programme shared across brands but styled per brand',
    scores: { differentiation: 4, risk: 3, reusePotential: 4, demandVolatility: 4, processCommonality: 3, platformMaturity: 4 },
    model: 'FEDERATE',
    localPull: 0.75,
    centralPull: 0.625,
    partnerFit: 0.375,
    rules: ['LOCAL_PULL_HIGH', 'CENTRAL_PULL_HIGH', 'BOTH_PULLS_HIGH'],
    flipsWith: [],
  },
  {
    capability: 'product content (PIM), right on the local-pull threshold',
    scores: { differentiation: 3, risk: 2, reusePotential: 4, demandVolatility: 3, processCommonality: 4, platformMaturity: 4 },
    model: 'FEDERATE',
    localPull: 0.5,
    centralPull: 0.75,
    partnerFit: 0.625,
    rules: ['LOCAL_PULL_HIGH', 'CENTRAL_PULL_HIGH', 'BOTH_PULLS_HIGH'],
    flipsWith: ['differentiation 2 → ORCHESTRATE', 'demandVolatility 2 → ORCHESTRATE'],
  },
  {
    capability: 'seasonal promotions for a fashion brand',
    scores: { differentiation: 3, risk: 2, reusePotential: 2, demandVolatility: 5, processCommonality: 2, platformMaturity: 4 },
    model: 'OPERATE',
    localPull: 0.7,
    centralPull: 0.25,
    partnerFit: 0.625,
    rules: ['LOCAL_PULL_HIGH'],
    flipsWith: [],
  },
  {
    capability: 'payroll',
    scores: { differentiation: 1, risk: 2, reusePotential: 2, demandVolatility: 1, processCommonality: 2, platformMaturity: 3 },
    model: 'PARTNER',
    localPull: 0,
    centralPull: 0.25,
    partnerFit: 0.875,
    rules: ['PARTNER_ALLOWED', 'NO_STRONG_PULL'],
    flipsWith: ['risk 3 → OPERATE'],
  },
  {
    capability: 'warehouse pick-and-pack on a platform that cannot yet carry it',
    scores: { differentiation: 1, risk: 2, reusePotential: 3, demandVolatility: 2, processCommonality: 3, platformMaturity: 2 },
    model: 'PARTNER',
    localPull: 0.1,
    centralPull: 0.5,
    partnerFit: 0.875,
    rules: ['CENTRAL_PULL_HIGH', 'PARTNER_ALLOWED', 'PLATFORM_CANNOT_CARRY_CENTRAL'],
    flipsWith: ['risk 3 → OPERATE', 'platformMaturity 3 → ORCHESTRATE'],
  },
  {
    capability: "fraud screening for a new brand, before the platform can carry it",
    scores: { differentiation: 2, risk: 5, reusePotential: 3, demandVolatility: 2, processCommonality: 3, platformMaturity: 2 },
    model: 'OPERATE',
    localPull: 0.25,
    centralPull: 0.5,
    partnerFit: 0.375,
    rules: ['CENTRAL_PULL_HIGH', 'HIGH_RISK_NO_PARTNER', 'PLATFORM_CANNOT_CARRY_CENTRAL'],
    // Dropping reuse or commonality a point loses the central pull but still lands on OPERATE.
    flipsWith: ['platformMaturity 3 → ORCHESTRATE'],
  },
];

describe('worked examples', () => {
  it.each(WORKED_EXAMPLES)('$capability → $model', (example) => {
    const rec = recommend(example.scores);
    expect({
      model: rec.model,
      localPull: rec.localPull,
      centralPull: rec.centralPull,
      partnerFit: rec.partnerFit,
      rules: rec.rulesFired.map((r) => r.code),
      borderline: rec.borderline,
      flipsWith: rec.flipsWith.map((f) => `${f.input} ${f.score} → ${f.model}`),
    }).toEqual({
      model: example.model,
      localPull: example.localPull,
      centralPull: example.centralPull,
      partnerFit: example.partnerFit,
      rules: example.rules,
      borderline: example.flipsWith.length > 0,
      flipsWith: example.flipsWith,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over every possible assessment (5^6 = 15 625 score vectors)
// ---------------------------------------------------------------------------------------------

interface Case {
  scores: Scores;
  rec: Recommendation;
}

function allScoreVectors(): Scores[] {
  let vectors: Partial<Scores>[] = [{}];
  for (const input of SCORE_NAMES) {
    vectors = vectors.flatMap((v) => [1, 2, 3, 4, 5].map((score) => ({ ...v, [input]: score })));
  }
  return vectors as Scores[];
}

const ALL: Case[] = allScoreVectors().map((scores) => ({ scores, rec: recommend(scores) }));

const keyOf = (scores: Scores) => SCORE_NAMES.map((n) => scores[n]).join('');
const MODEL_BY_KEY = new Map(ALL.map(({ scores, rec }) => [keyOf(scores), rec.model]));
const modelOf = (scores: Scores): OperatingModel => MODEL_BY_KEY.get(keyOf(scores))!;

const isCentral = (model: OperatingModel) => model === 'ORCHESTRATE' || model === 'FEDERATE';
const localHigh = (rec: Recommendation) => rec.localPull >= HIGH_PULL;
const centralHigh = (rec: Recommendation) => rec.centralPull >= HIGH_PULL;
const partnerAllowed = (s: Scores) => s.differentiation <= MAX_SCORE_FOR_PARTNER && s.risk <= MAX_SCORE_FOR_PARTNER;

/** The first few cases that break a property, so a failure names concrete score vectors. */
const counterexamples = (breaks: (c: Case) => boolean) => ALL.filter(breaks).slice(0, 5).map((c) => c.scores);

interface Transition {
  scores: Scores;
  from: OperatingModel;
  to: OperatingModel;
}

/** Every "raise `input` by one point, keep the rest" step that changes the model. */
function raising(input: ScoreName): Transition[] {
  return ALL.filter(({ scores }) => scores[input] < 5)
    .map(({ scores, rec }) => ({ scores, from: rec.model, to: modelOf({ ...scores, [input]: scores[input] + 1 }) }))
    .filter((t) => t.from !== t.to);
}

describe('every assessment', () => {
  it('is enumerated once, and every model is reachable', () => {
    expect(ALL).toHaveLength(15625);
    expect(MODEL_BY_KEY.size).toBe(15625);
    expect(new Set(ALL.map((c) => c.rec.model))).toEqual(new Set(['OPERATE', 'ORCHESTRATE', 'FEDERATE', 'PARTNER']));
  });

  it('has pulls between 0 and 1', () => {
    const outOfRange = (n: number) => n < 0 || n > 1;
    expect(counterexamples(({ rec }) => [rec.localPull, rec.centralPull, rec.partnerFit].some(outOfRange))).toEqual([]);
  });
});

describe('framework invariants', () => {
  it(`never recommends PARTNER when risk ≥ ${HIGH_RISK}`, () => {
    expect(counterexamples(({ scores, rec }) => scores.risk >= HIGH_RISK && rec.model === 'PARTNER')).toEqual([]);
  });

  it(`recommends PARTNER only when differentiation and risk are both ≤ ${MAX_SCORE_FOR_PARTNER}`, () => {
    expect(counterexamples(({ scores, rec }) => rec.model === 'PARTNER' && !partnerAllowed(scores))).toEqual([]);
  });

  it(`recommends central control (ORCHESTRATE, FEDERATE) only when platformMaturity ≥ ${MIN_MATURITY_FOR_CENTRAL}`, () => {
    expect(
      counterexamples(({ scores, rec }) => isCentral(rec.model) && scores.platformMaturity < MIN_MATURITY_FOR_CENTRAL),
    ).toEqual([]);
  });

  it(`recommends FEDERATE only when both pulls are ≥ ${HIGH_PULL}`, () => {
    expect(counterexamples(({ rec }) => rec.model === 'FEDERATE' && !(localHigh(rec) && centralHigh(rec)))).toEqual([]);
  });

  it('recommends ORCHESTRATE only when the central pull is high and the local pull is not', () => {
    expect(counterexamples(({ rec }) => rec.model === 'ORCHESTRATE' && !(centralHigh(rec) && !localHigh(rec)))).toEqual([]);
  });

  it('lets the pulls alone decide whenever the platform can carry central control and some pull is high', () => {
    const expected = (rec: Recommendation): OperatingModel =>
      centralHigh(rec) && localHigh(rec) ? 'FEDERATE' : centralHigh(rec) ? 'ORCHESTRATE' : 'OPERATE';
    expect(
      counterexamples(
        ({ scores, rec }) =>
          scores.platformMaturity >= MIN_MATURITY_FOR_CENTRAL && (localHigh(rec) || centralHigh(rec)) && rec.model !== expected(rec),
      ),
    ).toEqual([]);
  });

  it('falls back to PARTNER if allowed, else OPERATE, when neither pull is high', () => {
    expect(
      counterexamples(
        ({ scores, rec }) =>
          !localHigh(rec) && !centralHigh(rec) && rec.model !== (partnerAllowed(scores) ? 'PARTNER' : 'OPERATE'),
      ),
    ).toEqual([]);
  });
});

describe('monotonicity', () => {
  it.each<ScoreName>(['differentiation', 'demandVolatility'])(
    'raising %s never moves OPERATE to ORCHESTRATE',
    (input) => {
      expect(raising(input).filter((t) => t.from === 'OPERATE' && t.to === 'ORCHESTRATE')).toEqual([]);
    },
  );

  it.each<ScoreName>(['differentiation', 'demandVolatility'])(
    'raising %s only ever moves toward local control (to OPERATE or FEDERATE)',
    (input) => {
      expect(raising(input).filter((t) => t.to !== 'OPERATE' && t.to !== 'FEDERATE')).toEqual([]);
    },
  );

  it('raising risk never moves toward PARTNER', () => {
    expect(raising('risk').filter((t) => t.to === 'PARTNER')).toEqual([]);
  });

  it('raising platformMaturity only ever unlocks central control', () => {
    expect(raising('platformMaturity').filter((t) => !isCentral(t.to))).toEqual([]);
  });

  it.each<ScoreName>(['reusePotential', 'processCommonality'])(
    'raising %s never moves away from central control',
    (input) => {
      expect(raising(input).filter((t) => isCentral(t.from) && !isCentral(t.to))).toEqual([]);
    },
  );

  it.each<ScoreName>(['reusePotential', 'processCommonality'])(
    'raising %s never hands a locally-pulled capability to a partner (OPERATE → PARTNER)',
    (input) => {
      expect(raising(input).filter((t) => t.from === 'OPERATE' && t.to === 'PARTNER')).toEqual([]);
    },
  );

  it('never recommends PARTNER when the local pull is high', () => {
    expect(counterexamples(({ rec }) => rec.model === 'PARTNER' && localHigh(rec))).toEqual([]);
  });
});

describe('borderline and flipsWith', () => {
  it('marks a recommendation borderline exactly when flipsWith is non-empty', () => {
    expect(counterexamples(({ rec }) => rec.borderline !== rec.flipsWith.length > 0)).toEqual([]);
  });

  it('lists only one-point changes of a single score that stay on the 1–5 scale', () => {
    expect(
      counterexamples(({ scores, rec }) =>
        rec.flipsWith.some((f) => Math.abs(f.score - scores[f.input]) !== 1 || f.score < 1 || f.score > 5),
      ),
    ).toEqual([]);
  });

  it('lists only changes that really change the model, to the model they report', () => {
    expect(
      counterexamples(({ scores, rec }) =>
        rec.flipsWith.some((f) => {
          const flipped = modelOf({ ...scores, [f.input]: f.score });
          return flipped === rec.model || flipped !== f.model;
        }),
      ),
    ).toEqual([]);
  });

  it('lists every one-point change that changes the model', () => {
    const allFlips = (scores: Scores, model: OperatingModel) =>
      SCORE_NAMES.flatMap((input) =>
        [scores[input] - 1, scores[input] + 1]
          .filter((score) => score >= 1 && score <= 5)
          .filter((score) => modelOf({ ...scores, [input]: score }) !== model)
          .map((score) => `${input}${score}`),
      );
    expect(
      counterexamples(
        ({ scores, rec }) => allFlips(scores, rec.model).join() !== rec.flipsWith.map((f) => `${f.input}${f.score}`).join(),
      ),
    ).toEqual([]);
  });
});

describe('contributions', () => {
  it('sum to the pulls they feed', () => {
    const sum = (rec: Recommendation, pull: string) =>
      rec.contributions.filter((c) => c.pull === pull).reduce((s, c) => s + c.contribution, 0);
    const off = (a: number, b: number) => Math.abs(a - b) > 1e-9;
    expect(
      counterexamples(
        ({ rec }) =>
          off(sum(rec, 'LOCAL'), rec.localPull) ||
          off(sum(rec, 'CENTRAL'), rec.centralPull) ||
          off(sum(rec, 'PARTNER_FIT'), rec.partnerFit),
      ),
    ).toEqual([]);
  });

  it('are weight × normalised score (inverted for partner fit, zero for the platform gate)', () => {
    const norm = (s: number) => (s - 1) / 4;
    expect(
      counterexamples(({ scores, rec }) =>
        rec.contributions.some((c) => {
          const expected =
            c.pull === 'GATE' ? 0 : c.weight * (c.pull === 'PARTNER_FIT' ? 1 - norm(scores[c.input]) : norm(scores[c.input]));
          return c.score !== scores[c.input] || Math.abs(c.contribution - expected) > 1e-9;
        }),
      ),
    ).toEqual([]);
  });
});

describe('rules fired', () => {
  /** When each rule must fire; a Record so that adding a RuleCode without a condition fails to compile. */
  const FIRES_WHEN: Record<RuleCode, (c: Case) => boolean> = {
    LOCAL_PULL_HIGH: ({ rec }) => localHigh(rec),
    CENTRAL_PULL_HIGH: ({ rec }) => centralHigh(rec),
    BOTH_PULLS_HIGH: ({ rec }) => localHigh(rec) && centralHigh(rec),
    PARTNER_ALLOWED: ({ scores }) => partnerAllowed(scores),
    HIGH_RISK_NO_PARTNER: ({ scores }) => scores.risk >= HIGH_RISK,
    PLATFORM_CANNOT_CARRY_CENTRAL: ({ scores, rec }) => centralHigh(rec) && scores.platformMaturity < MIN_MATURITY_FOR_CENTRAL,
    NO_STRONG_PULL: ({ rec }) => !localHigh(rec) && !centralHigh(rec),
  };

  it.each(Object.keys(FIRES_WHEN) as RuleCode[])('%s fires exactly when its condition holds', (code) => {
    const fired = (c: Case) => c.rec.rulesFired.some((r) => r.code === code);
    expect(counterexamples((c) => fired(c) !== FIRES_WHEN[code](c))).toEqual([]);
  });

  it('fires each rule at most once, with a description', () => {
    expect(
      counterexamples(
        ({ rec }) =>
          new Set(rec.rulesFired.map((r) => r.code)).size !== rec.rulesFired.length || rec.rulesFired.some((r) => !r.description),
      ),
    ).toEqual([]);
  });
});
