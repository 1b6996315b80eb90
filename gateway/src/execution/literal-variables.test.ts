import { buildSchema, parse, print } from 'graphql';
import { liftLiterals } from './literal-variables';

const schema = buildSchema(`
  enum Promise { STANDARD EXPRESS }
  input Line { skuId: ID! quantity: Int! }
  input Order { ref: String! lines: [Line!]! promise: Promise = STANDARD }
  scalar Date
  input Window { from: Date, to: Date }
  type Query { brand(slug: String!): Brand, brands: [Brand!]!, usage(day: Date!, window: Window, first: Int): Int }
  type Mutation { route(order: Order!): String }
  type Brand { name: String, skus(first: Int = 10, after: String): [String] }
`);

const lift = (text: string, operationName?: string) => liftLiterals(schema, parse(text), operationName);

it('lifts every literal field argument into a typed variable, values as written', () => {
  const lifted = lift('mutation { route(order: { ref: "A-1", lines: [{ skuId: "s1", quantity: 2 }], promise: EXPRESS }) }')!;
  expect(print(lifted.document)).toBe('mutation ($__trellis_0: Order!) {\n  route(order: $__trellis_0)\n}');
  expect(lifted.values).toEqual({ __trellis_0: { ref: 'A-1', lines: [{ skuId: 's1', quantity: 2 }], promise: 'EXPRESS' } });
});

it('leaves arguments that hold a custom scalar as written: only the subgraph knows the scalar', () => {
  const lifted = lift('{ usage(day: "2026-12-07", window: { from: "2026-12-01" }, first: 3) }')!;
  expect(print(lifted.document)).toBe('query ($__trellis_0: Int) {\n  usage(day: "2026-12-07", window: {from: "2026-12-01"}, first: $__trellis_0)\n}');
  expect(lifted.values).toEqual({ __trellis_0: 3 });
});

it('gives operations that differ only in their literals one key', () => {
  const a = lift('mutation { route(order: { ref: "A-1", lines: [] }) }')!;
  const b = lift('mutation { route(order: { ref: "B-2", lines: [{ skuId: "x", quantity: 1 }] }) }')!;
  expect(a.key).toBe(b.key);
  expect(a.values).not.toEqual(b.values);
});

it('lifts literals in fragments, declared on the operation; keeps variables, arguments holding them, and directive arguments', () => {
  const lifted = lift(
    'query Q($after: String, $all: Boolean!) { brand(slug: "halden") { ...F skus(first: 5, after: $after) @include(if: $all) } } fragment F on Brand { name skus(first: 3) }',
  )!;
  expect(print(lifted.document)).toBe(
    [
      'query Q($after: String, $all: Boolean!, $__trellis_0: String!, $__trellis_1: Int, $__trellis_2: Int) {',
      '  brand(slug: $__trellis_0) {',
      '    ...F',
      '    skus(first: $__trellis_1, after: $after) @include(if: $all)',
      '  }',
      '}',
      '',
      'fragment F on Brand {',
      '  name',
      '  skus(first: $__trellis_2)',
      '}',
    ].join('\n'),
  );
  expect(lifted.values).toEqual({ __trellis_0: 'halden', __trellis_1: 5, __trellis_2: 3 });
});

it('leaves operations without literals, and the operations of a document that do not run', () => {
  expect(lift('query($slug: String!) { brand(slug: $slug) { name } }')).toBeUndefined();
  expect(lift('{ brands { name } }')).toBeUndefined();
  const lifted = lift('query A { brand(slug: "a") { name } } query B { brand(slug: "b") { name } }', 'B')!;
  expect(print(lifted.document)).toContain('query A {\n  brand(slug: "a")');
  expect(lifted.values).toEqual({ __trellis_0: 'b' });
});

it('tells apart operations that differ in more than their lifted literals', () => {
  const key = (text: string, operationName?: string) => lift(text, operationName)!.key;
  const base = 'query($n: Int = 1) { brand(slug: "a") { skus(first: $n) } }';
  expect(key('query($n: Int = 1) { brand(slug: "b") { skus(first: $n) } }')).toBe(key(base));
  expect(key('query($n: Int = 2) { brand(slug: "a") { skus(first: $n) } }')).not.toBe(key(base));
  expect(key('query($n: Int = 1, $all: Boolean = true) { brand(slug: "a") { skus(first: $n) @include(if: $all) } }')).not.toBe(
    key('query($n: Int = 1, $all: Boolean = false) { brand(slug: "a") { skus(first: $n) @include(if: $all) } }'),
  );
  expect(key('query A { brand(slug: "a") { name } } query B { brand(slug: "x") { name } }', 'B')).not.toBe(
    key('query A { brand(slug: "z") { name } } query B { brand(slug: "x") { name } }', 'B'),
  );
  // Without locations (a document built, not parsed), the printed lifted document.
  expect(liftLiterals(schema, parse(base, { noLocation: true }), undefined)!.key).toBe(print(lift(base)!.document));
});
