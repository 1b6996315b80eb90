import { buildSchema, parse } from 'graphql';
import { findUnsafeInput } from './input-guard';

const schema = buildSchema(`
  scalar JSON
  input Line { skuId: ID!, quantity: Int!, note: String }
  input Order { brand: String!, reason: String!, lines: [Line!]!, extra: JSON }
  type Query { find(text: String, tags: [String!], ratio: Float, data: JSON): Int }
  type Mutation { adjust(reason: String!, delta: Int!): Int, route(input: Order!): Int }
`);

const guard = (query: string, variables?: Record<string, unknown>, maxStringLength?: number) =>
  findUnsafeInput({ schema, document: parse(query), variables }, { maxStringLength });

describe('findUnsafeInput', () => {
  it('finds nothing wrong in ordinary input', () => {
    expect(guard('{ find(text: "héllo 😀 \\u2028", tags: ["a", "b"], ratio: 0.5) }')).toBeNull();
    expect(guard('mutation($r: String!) { adjust(reason: $r, delta: 1) }', { r: 'Cycle count' })).toBeNull();
    expect(guard('query { find }')).toBeNull();
  });

  it('names the argument holding a NUL, in a literal or a variable', () => {
    expect(guard('mutation { adjust(reason: "a\\u0000b", delta: 1) }')).toEqual({ path: 'reason', message: expect.stringMatching(/NUL character \(U\+0000\) at position 2/) });
    expect(guard('mutation($r: String!) { adjust(reason: $r, delta: 1) }', { r: '\u0000' })?.path).toBe('reason');
  });

  it('names the argument holding a lone surrogate, however deep', () => {
    const query = 'mutation($input: Order!) { route(input: $input) }';
    const input = { brand: 'halden', reason: 'ok', lines: [{ skuId: '1', quantity: 1 }, { skuId: '2', quantity: 1 }, { skuId: '3', quantity: 1, note: 'x\ud800' }] };
    expect(guard(query, { input })).toEqual({ path: 'input.lines[2].note', message: expect.stringMatching(/lone UTF-16 surrogate \(U\+D800\)/) });
  });

  it('follows variables used inside literals', () => {
    const query = 'mutation($note: String) { route(input: { brand: "b", reason: "r", lines: [{ skuId: "1", quantity: 1, note: $note }] }) }';
    expect(guard(query, { note: '\udc00' })?.path).toBe('input.lines[0].note');
  });

  it('looks into fragments and JSON values, keys included', () => {
    expect(guard('query Q($d: JSON) { ...F } fragment F on Query { find(data: $d) }', { d: { a: [{ b: 'ok' }, { c: '\u0000' }] } })?.path).toBe('data.a[1].c');
    expect(guard('query($d: JSON) { find(data: $d) }', { d: { ['k\ud800']: 1 } })).toEqual({ path: 'data', message: expect.stringMatching(/has a key that/) });
  });

  it('applies default values of variables', () => {
    expect(guard('query($t: String = "\\u0000") { find(text: $t) }', {})?.path).toBe('text');
  });

  it('refuses Float literals that are not finite numbers', () => {
    expect(guard('{ find(ratio: 1e400) }')).toEqual({ path: 'ratio', message: 'must be a finite number, not Infinity.' });
    expect(guard('query($d: JSON) { find(data: $d) }', { d: [Infinity] })?.path).toBe('data[0]');
  });

  it('limits the length of every string, in characters, when asked', () => {
    expect(guard('{ find(text: "abcd") }', undefined, 4)).toBeNull();
    expect(guard('{ find(text: "😀😀😀😀") }', undefined, 4)).toBeNull();
    expect(guard('{ find(tags: ["ok", "abcde"]) }', undefined, 4)).toEqual({ path: 'tags[1]', message: expect.stringContaining('longer than 4 characters') });
    expect(guard('query($t: String) { find(text: $t) }', { t: 'x'.repeat(10_001) }, 10_000)?.path).toBe('text');
    expect(guard('query($t: String) { find(text: $t) }', { t: 'x'.repeat(10_001) })).toBeNull();
  });

  it('walks raw variables when they do not coerce (execution refuses them anyway)', () => {
    expect(guard('mutation($r: String!, $d: Int!) { adjust(reason: $r, delta: $d) }', { r: '\u0000', d: 'not a number' })?.path).toBe('reason');
  });

  it('only walks the operation asked for', () => {
    const document = 'query A { find(text: "\\u0000") } query B { find(text: "fine") }';
    expect(findUnsafeInput({ schema, document: parse(document), operationName: 'B' })).toBeNull();
    expect(findUnsafeInput({ schema, document: parse(document), operationName: 'A' })?.path).toBe('text');
  });
});
