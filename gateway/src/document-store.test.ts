import { buildSchema, parse, validate } from 'graphql';
import { DocumentStore } from './document-store';

const schema = buildSchema(`
  enum Speed { STANDARD EXPRESS }
  input Line { sku: ID!, quantity: Int! }
  input Order { ref: String!, lines: [Line!]!, speed: Speed = STANDARD }
  type Sku { code: String! price(currency: String!): Float }
  type Query { sku(code: String!): Sku, skus(first: Int = 10): [Sku!]! }
  type Mutation { route(order: Order!): ID }
`);

/** What graphql-js says of the text against the schema: valid or not (a syntax error is not). */
function graphqlSays(source: string): boolean {
  try {
    return validate(schema, parse(source)).length === 0;
  } catch {
    return false;
  }
}

// Each group: texts of one shape (or nearly), the first one valid, so the shape is known when the rest come.
const GROUPS: string[][] = [
  [
    'mutation { route(order: { ref: "A-1", lines: [{ sku: "s1", quantity: 2 }], speed: EXPRESS }) }',
    'mutation { route(order: { ref: "A-2", lines: [{ sku: 7, quantity: 3 }], speed: EXPRESS }) }',
    // An Int out of range, a string for an Int, a float for an Int: the values are wrong, the shape is not.
    'mutation { route(order: { ref: "A-3", lines: [{ sku: "s1", quantity: 99999999999 }], speed: EXPRESS }) }',
    'mutation { route(order: { ref: "A-4", lines: [{ sku: "s1", quantity: "2" }], speed: EXPRESS }) }',
    'mutation { route(order: { ref: "A-5", lines: [{ sku: "s1", quantity: 2.5 }], speed: EXPRESS }) }',
    'mutation { route(order: { ref: "A-6", lines: [{ sku: 1.5, quantity: 2 }], speed: EXPRESS }) }',
    'mutation { route(order: { ref: "A-7", lines: [{ sku: "s1", quantity: 2 }], speed: FAST }) }',
    'mutation { route(order: { ref: 12, lines: [{ sku: "s1", quantity: 2 }], speed: EXPRESS }) }',
  ],
  [
    // One response name answered twice: fine with the same arguments, a conflict with others.
    '{ a: sku(code: "x") { code } a: sku(code: "x") { price(currency: "EUR") } }',
    '{ a: sku(code: "y") { code } a: sku(code: "y") { price(currency: "EUR") } }',
    '{ a: sku(code: "x") { code } a: sku(code: "y") { price(currency: "EUR") } }',
    '{ a: sku(code: "x") { price(currency: "EUR") } a: sku(code: "x") { price(currency: "USD") } }',
  ],
  [
    'query($n: Int = 5) { skus(first: $n) { code } }',
    'query($n: Int = 6) { skus(first: $n) { code } }',
    'query($n: Int = "six") { skus(first: $n) { code } }',
    'query($n: Int = 6.5) { skus(first: $n) { code } }',
  ],
  [
    '{ skus(first: 3) { code } }',
    '{ skus(first: 2147483648) { code } }',
    '{ skus(first: 3) { code nope } }',
    '{ skus(first: 3) { code } ',
    '{ skus(first: 3) { code } } fragment F on Sku { code }',
  ],
];

describe('DocumentStore.validated', () => {
  it('says what graphql-js says of every text, for a shape seen before as for a new one', () => {
    const store = new DocumentStore();
    for (const group of GROUPS) {
      expect(graphqlSays(group[0])).toBe(true);
      for (const source of group) expect([source, store.validated(schema, source) !== undefined]).toEqual([source, graphqlSays(source)]);
    }
    // And again, every shape known now: the same verdicts.
    for (const source of GROUPS.flat()) expect([source, store.validated(schema, source) !== undefined]).toEqual([source, graphqlSays(source)]);
  });

  it('knows a shape as valid per schema: against a schema without the field, the text is not valid', () => {
    const store = new DocumentStore();
    expect(store.validated(schema, '{ sku(code: "x") { price(currency: "EUR") } }')).toBeDefined();
    const without = buildSchema('type Sku { code: String! } type Query { sku(code: String!): Sku }');
    expect(store.validated(without, '{ sku(code: "y") { price(currency: "EUR") } }')).toBeUndefined();
  });

  it('returns the parsed document of the text itself', () => {
    const store = new DocumentStore();
    store.validated(schema, '{ sku(code: "x") { code } }');
    const document = store.validated(schema, '{ sku(code: "z") { code } }');
    expect(document?.loc?.source.body).toBe('{ sku(code: "z") { code } }');
  });
});
