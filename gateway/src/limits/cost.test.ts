import { buildSchema, getOperationAST, parse } from 'graphql';
import { GovernanceRules } from '../../../shared/src/governance/rules';
import { actualCost, DEFAULT_COST_MODEL, estimateCost } from './cost';
import { fragmentsOf } from './operation-limits';

const SDL = /* GraphQL */ `
  directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT | SCALAR | ENUM | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    brands: [Brand!]! @listSize(assumedSize: 6)
    brand(slug: String!): Brand
    tags: [String!]!
    expensive: Int @cost(weight: 50)
  }
  type Mutation { adjust: Stock }
  type Brand { id: ID! name: String skus(first: Int = 50): SkuConnection! @listSize(slicingArguments: ["first"], sizedFields: ["nodes"]) partners: [Partner!]! }
  type SkuConnection { nodes: [Sku!]! totalCount: Int! }
  type Sku { code: String! stock: [Stock!]! @listSize(assumedSize: 4) brand: Brand! }
  type Stock { onHand: Int! }
  type Partner @cost(weight: 3) { name: String! }
`;
const schema = buildSchema(SDL);
const rules = GovernanceRules.fromSdl(SDL);

function cost(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const walk = { schema, rules, fragments: fragmentsOf(document), variables, model: DEFAULT_COST_MODEL };
  return { walk, operation: getOperationAST(document)!, estimate: estimateCost(walk, getOperationAST(document)!) };
}

describe('estimateCost', () => {
  it('costs 1 per object, 0 per scalar, multiplied by list sizes', () => {
    // brand 1 + skus 1 + 20 × (sku 1 + 4 × stock 1)
    expect(cost('{ brand(slug: "h") { name skus(first: 20) { nodes { code stock { onHand } } totalCount } } }').estimate).toBe(1 + 1 + 20 * (1 + 4));
  });

  it('takes the slicing argument from variables, and the default list size where nothing says otherwise', () => {
    expect(cost('query($n: Int) { brand(slug: "h") { skus(first: $n) { nodes { code } } } }', { n: 3 }).estimate).toBe(1 + 1 + 3);
    expect(cost('{ tags }').estimate).toBe(0);
    expect(cost('{ brands { partners { name } } }').estimate).toBe(6 * (1 + DEFAULT_COST_MODEL.defaultListSize * 3));
  });

  it('uses @cost weights on fields and types', () => {
    expect(cost('{ expensive }').estimate).toBe(50);
  });

  it('multiplies nesting: the three-deep attack is priced as it would be served', () => {
    const attack = cost('{ brands { skus(first: 500) { nodes { brand { skus(first: 500) { nodes { brand { skus(first: 500) { nodes { code } } } } } } } } } }').estimate;
    expect(attack).toBeGreaterThan(6 * 500 * 500 * 500);
  });

  it('counts fragments where spread, and leaves out what @skip/@include leave out', () => {
    expect(cost('{ a: brand(slug: "x") { ...B } b: brand(slug: "y") { ...B } } fragment B on Brand { partners { name } }').estimate).toBe(2 * (1 + 10 * 3));
    expect(cost('query($s: Boolean!) { brand(slug: "x") @skip(if: $s) { id } }', { s: true }).estimate).toBe(0);
  });

  it('adds the mutation cost to each root mutation field', () => {
    expect(cost('mutation { adjust { onHand } }').estimate).toBe(DEFAULT_COST_MODEL.mutationCost + 1);
  });
});

describe('actualCost', () => {
  it('counts what the response holds, with the same weights', () => {
    const { walk, operation } = cost('{ brand(slug: "h") { skus(first: 20) { nodes { stock { onHand } } } partners { name } } }');
    const data = { brand: { skus: { nodes: [{ stock: [{ onHand: 1 }, { onHand: 2 }] }, { stock: [] }] }, partners: [{ name: 'p' }] } };
    // brand 1 + skus 1 + 2 skus + 2 stock + 1 partner × 3
    expect(actualCost(walk, operation, data)).toBe(1 + 1 + 2 + 2 + 3);
    expect(actualCost(walk, operation, { brand: null })).toBe(0);
  });
});
