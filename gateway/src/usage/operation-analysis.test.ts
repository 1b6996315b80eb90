import { buildSchema, parse } from 'graphql';
import { analyzeOperation, literalFreeKey, operationHash, usesCoordinate } from './operation-analysis';

const schema = buildSchema(`
  enum Lifecycle { GROWING STABLE }
  input Filter { lifecycle: Lifecycle, search: String }
  type Sku { code: String! name: String! }
  type Brand { slug: String! lifecycle: Lifecycle! skus(first: Int = 10): [Sku!]! }
  type Query { brand(slug: String!): Brand brands(filter: Filter): [Brand!]! }
  type Mutation { setLifecycle(slug: String!, lifecycle: Lifecycle!): Brand }
`);

describe('analyzeOperation', () => {
  it('names every field, argument, input field and enum value the operation uses, fragments included', () => {
    const document = parse(`
      query Portfolio($filter: Filter) { brands(filter: $filter) { ...B } brand(slug: "halden") { skus(first: 2) { code __typename } } }
      query Other { brands(filter: { lifecycle: GROWING }) { slug } }
      fragment B on Brand { slug lifecycle }`);
    expect(analyzeOperation(schema, document, 'Portfolio')).toEqual({
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      name: 'Portfolio',
      type: 'query',
      coordinates: ['Brand.lifecycle', 'Brand.skus', 'Brand.skus(first:)', 'Brand.slug', 'Filter', 'Query.brand', 'Query.brand(slug:)', 'Query.brands', 'Query.brands(filter:)', 'Sku.code'],
    });
    expect(analyzeOperation(schema, document, 'Other')!.coordinates).toEqual(['Brand.slug', 'Filter.lifecycle', 'Lifecycle.GROWING', 'Query.brands', 'Query.brands(filter:)']);
    expect(analyzeOperation(schema, document, 'Missing')).toBeNull();
  });

  it('gives one hash to an operation whatever its literals, aliases and layout', () => {
    const a = parse('query B { brand(slug: "halden") { slug } }');
    const b = parse('query B {\n  x: brand(slug: "lumen") {\n    slug\n  }\n}');
    const c = parse('query B { brand(slug: "halden") { slug lifecycle } }');
    expect(operationHash(a, 'B')).toBe(operationHash(b, 'B'));
    expect(operationHash(a, 'B')).not.toBe(operationHash(c, 'B'));
  });
});

describe('literalFreeKey', () => {
  it('is the same for texts that differ only in string and number values, and differs otherwise', () => {
    const key = literalFreeKey('mutation { route(order: { ref: "A-1", quantity: 2, promise: EXPRESS }) { id } }');
    expect(literalFreeKey('mutation {route(order:{ref:"B-99", quantity: 17, promise: EXPRESS}){id}} # a comment')).toBe(key);
    expect(literalFreeKey('mutation { route(order: { ref: "A-1", quantity: 2, promise: STANDARD }) { id } }')).not.toBe(key);
    expect(literalFreeKey('mutation { route(order: { ref: "A-1", qty: 2, promise: EXPRESS }) { id } }')).not.toBe(key);
    expect(literalFreeKey('{ brand(slug: "unterminated) }')).toBeUndefined();
  });

  it('keeps the kind of each value: a string where a number was is another shape', () => {
    const key = literalFreeKey('{ skus(first: 2, after: "x") { code } }');
    expect(literalFreeKey('{ skus(first: 5, after: """y""") { code } }')).toBe(key);
    expect(literalFreeKey('{ skus(first: "2", after: "x") { code } }')).not.toBe(key);
    expect(literalFreeKey('{ skus(first: 2.5, after: "x") { code } }')).not.toBe(key);
    expect(literalFreeKey('{ skus(first: null, after: "x") { code } }')).not.toBe(key);
  });
});

describe('usesCoordinate', () => {
  const used = ['Brand.skus', 'Brand.skus(first:)', 'Filter', 'Query.brand'];
  it('matches the coordinate, what lies under it, and an input type carried by a variable', () => {
    expect(usesCoordinate(used, 'Query.brand')).toBe(true);
    expect(usesCoordinate(used, 'Brand')).toBe(true);
    expect(usesCoordinate(used, 'Brand.skus')).toBe(true);
    expect(usesCoordinate(used, 'Filter.search')).toBe(true);
    expect(usesCoordinate(used, 'Query.brands')).toBe(false);
    expect(usesCoordinate(used, 'Sku.code')).toBe(false);
  });
});
