import { getOperationAST, parse } from 'graphql';
import { DEFAULT_OPERATION_LIMITS, exceededLimit, fragmentsOf, measureOperation } from './operation-limits';

const measure = (source: string) => {
  const document = parse(source);
  return measureOperation(getOperationAST(document)!, fragmentsOf(document));
};

describe('measureOperation', () => {
  it('measures depth, aliases, root fields and directives per field', () => {
    expect(measure('{ a { b { c } } d: e @skip(if: false) @include(if: true) }')).toEqual({ depth: 3, aliases: 1, rootFields: 2, directivesPerField: 2 });
  });

  it('expands fragments where they are spread, as often as they are spread', () => {
    const shape = measure(`
      { x: brand { ...F } y: brand { ...F } }
      fragment F on Brand { a1: skus { nodes { stock { node { id } } } } a2: id }`);
    expect(shape).toEqual({ depth: 6, aliases: 6, rootFields: 2, directivesPerField: 0 });
  });

  it('counts root fields inside fragments on the root type', () => {
    expect(measure('{ ...R ... on Query { c } } fragment R on Query { a b }').rootFields).toBe(3);
  });

  it('leaves introspection subtrees out of the depth', () => {
    expect(measure('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } a }').depth).toBe(1);
  });

  it('stays finite on a fragment cycle (which validation would refuse)', () => {
    expect(measure('{ ...A } fragment A on Query { a { ...A } }').depth).toBe(1);
  });
});

describe('exceededLimit', () => {
  const fits = { depth: 3, aliases: 2, rootFields: 1, directivesPerField: 0 };

  it('is null for an operation that fits', () => {
    expect(exceededLimit(fits, DEFAULT_OPERATION_LIMITS)).toBeNull();
  });

  it.each([
    ['depth', 'DEPTH_LIMIT_EXCEEDED', 13, 12],
    ['aliases', 'ALIAS_LIMIT_EXCEEDED', 1000, 30],
    ['rootFields', 'ROOT_FIELD_LIMIT_EXCEEDED', 21, 20],
    ['directivesPerField', 'DIRECTIVE_LIMIT_EXCEEDED', 5, 4],
  ] as const)('refuses too many %s with %s, saying the limit and the measured value', (key, code, measured, limit) => {
    const violation = exceededLimit({ ...fits, [key]: measured }, DEFAULT_OPERATION_LIMITS);
    expect(violation).toMatchObject({ code, limit, measured });
    expect(violation!.message).toContain(String(limit));
    expect(violation!.message).toContain(String(measured));
  });
});
