import { checkSourcingPolicyInput } from './sourcing-policy-input';

const valid = {
  allowedKinds: ['WAREHOUSE' as const, 'STORE' as const, 'WAREHOUSE' as const],
  weights: { cost: 1, promiseSlack: 0, margin: 2, stockDepth: 0.5 },
  maxSplit: 2,
  defaultPromiseDays: 5,
};
const fieldOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as { extensions?: { field?: string } }).extensions?.field;
  }
};

describe('checkSourcingPolicyInput', () => {
  it('keeps each kind once and defaults the express promise to 2 days', () => {
    expect(checkSourcingPolicyInput(valid)).toEqual({
      allowedKinds: ['WAREHOUSE', 'STORE'],
      weights: { cost: 1, promiseSlack: 0, margin: 2, stockDepth: 0.5 },
      maxSplit: 2,
      standardPromiseDays: 5,
      expressPromiseDays: 2,
    });
  });

  it('defaults the express promise to the standard one when that is shorter', () => {
    expect(checkSourcingPolicyInput({ ...valid, defaultPromiseDays: 1 }).expressPromiseDays).toBe(1);
  });

  it.each([
    ['no kinds', { allowedKinds: [] }, 'allowedKinds'],
    ['a negative weight', { weights: { ...valid.weights, margin: -1 } }, 'weights.margin'],
    ['a weight above 100', { weights: { ...valid.weights, cost: 101 } }, 'weights.cost'],
    ['only zero weights', { weights: { cost: 0, promiseSlack: 0, margin: 0, stockDepth: 0 } }, 'weights'],
    ['a split across 5 nodes', { maxSplit: 5 }, 'maxSplit'],
    ['a standard promise of 31 days', { defaultPromiseDays: 31 }, 'defaultPromiseDays'],
    ['an express promise longer than the standard one', { expressPromiseDays: 6 }, 'expressPromiseDays'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    expect(fieldOf(() => checkSourcingPolicyInput({ ...valid, ...change }))).toBe(field);
  });
});
