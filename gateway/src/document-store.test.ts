import { createHash } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { buildSchema, parse, printSchema, specifiedRules, validate } from 'graphql';
import { DocumentStore } from './document-store';
import { literalFreeKey } from './usage/operation-analysis';

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

// Each group: texts of one shape (or nearly), the first one valid; it passes Apollo Server's validation first.
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
  it('accepts a text only once its shape has passed validation, and then says what graphql-js says of it', () => {
    const store = new DocumentStore();
    for (const group of GROUPS) {
      expect(graphqlSays(group[0])).toBe(true);
      // A shape not seen yet: Apollo Server validates the text, and the store learns the shape.
      expect(store.validated(schema, group[0])).toBeUndefined();
      store.learned(schema, group[0]);
      for (const source of group) {
        const sameShape = literalFreeKey(source) === literalFreeKey(group[0]);
        expect([source, store.validated(schema, source) !== undefined]).toEqual([source, sameShape && graphqlSays(source)]);
      }
    }
  });

  it('knows a shape as valid per schema: against a schema without the field, the text is not valid', () => {
    const store = new DocumentStore();
    store.learned(schema, '{ sku(code: "x") { price(currency: "EUR") } }');
    expect(store.validated(schema, '{ sku(code: "y") { price(currency: "EUR") } }')).toBeDefined();
    const without = buildSchema('type Sku { code: String! } type Query { sku(code: String!): Sku }');
    expect(store.validated(without, '{ sku(code: "y") { price(currency: "EUR") } }')).toBeUndefined();
  });

  it('returns the parsed document of the text itself', () => {
    const store = new DocumentStore();
    store.learned(schema, '{ sku(code: "x") { code } }');
    const document = store.validated(schema, '{ sku(code: "z") { code } }');
    expect(document?.loc?.source.body).toBe('{ sku(code: "z") { code } }');
  });
});

it('graphql-js validates with the rules the store was reviewed against (a new rule may read values: review it, then list it)', () => {
  // Only ValuesOfCorrectType and OverlappingFieldsCanBeMerged read literal values; every other rule
  // here answers alike for texts that differ only in them (see document-store.ts).
  expect(specifiedRules.map((rule) => rule.name)).toEqual([
    'ExecutableDefinitionsRule', 'UniqueOperationNamesRule', 'LoneAnonymousOperationRule', 'SingleFieldSubscriptionsRule',
    'KnownTypeNamesRule', 'FragmentsOnCompositeTypesRule', 'VariablesAreInputTypesRule', 'ScalarLeafsRule',
    'FieldsOnCorrectTypeRule', 'UniqueFragmentNamesRule', 'KnownFragmentNamesRule', 'NoUnusedFragmentsRule',
    'PossibleFragmentSpreadsRule', 'NoFragmentCyclesRule', 'UniqueVariableNamesRule', 'NoUndefinedVariablesRule',
    'NoUnusedVariablesRule', 'KnownDirectivesRule', 'UniqueDirectivesPerLocationRule', 'KnownArgumentNamesRule',
    'UniqueArgumentNamesRule', 'ValuesOfCorrectTypeRule', 'ProvidedRequiredArgumentsRule', 'VariablesInAllowedPositionRule',
    'OverlappingFieldsCanBeMergedRule', 'UniqueInputFieldNamesRule', 'MaxIntrospectionDepthRule',
  ]);
});

describe('DocumentStore.plugin', () => {
  /** One request through the plugin's hooks as Apollo Server calls them; true when the text's document was in the store. */
  async function request(plugin: ApolloServerPlugin, store: DocumentStore, source: string, valid = graphqlSays(source)): Promise<boolean> {
    const queryHash = createHash('sha256').update(source).digest('hex');
    const key = `${createHash('sha256').update(printSchema(schema)).digest('hex')}:${queryHash}`;
    const context = { schema, source, queryHash } as never;
    const listener = (await plugin.requestDidStart!(context as never))!;
    await listener.didResolveSource!(context);
    if ((await store.documents.get(key)) !== undefined) return true;
    // Not found: Apollo Server parses and validates, then tells its listeners the verdict.
    const end = await listener.validationDidStart!(context);
    await end?.(valid ? undefined : [new Error('invalid') as never]);
    return false;
  }

  it('stores a new text of a shape Apollo Server found valid, under the key Apollo Server reads', async () => {
    const store = new DocumentStore();
    const plugin = store.plugin();
    expect(await request(plugin, store, '{ sku(code: "a") { code } }')).toBe(false);
    expect(await request(plugin, store, '{ sku(code: "b") { code } }')).toBe(true);
    // A shape Apollo Server refused is not learned.
    expect(await request(plugin, store, '{ sku(code: "a") { code nope } }')).toBe(false);
    expect(await request(plugin, store, '{ sku(code: "b") { code nope } }')).toBe(false);
    // A known shape with a value graphql-js refuses is left to Apollo Server.
    expect(await request(plugin, store, '{ skus(first: 1) { code } }')).toBe(false);
    expect(await request(plugin, store, '{ skus(first: 99999999999) { code } }')).toBe(false);
  });
});

describe('DocumentStore in Apollo Server', () => {
  it('has Apollo Server validate one text of a shape; the others come from the store, refused alike when their values are wrong', async () => {
    const store = new DocumentStore();
    let validations = 0;
    const server = new ApolloServer({
      typeDefs: printSchema(schema),
      resolvers: { Query: { sku: (_: unknown, { code }: { code: string }) => ({ code }) } },
      documentStore: store.documents,
      plugins: [store.plugin(), { requestDidStart: async () => ({ validationDidStart: async () => void validations++ }) }],
    });
    await server.start();
    try {
      const ask = async (query: string) => {
        const { body } = await server.executeOperation({ query });
        return body.kind === 'single' ? body.singleResult : undefined;
      };
      for (const code of ['a', 'b', 'c']) expect(await ask(`{ sku(code: "${code}") { code } }`)).toEqual({ data: { sku: { code } } });
      expect(validations).toBe(1);
      // A text of another shape (a number where a String goes): Apollo Server validates it, and refuses it.
      const refused = await ask('{ sku(code: 7) { code } }');
      expect(refused?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await server.stop();
    }
  });
});

