import { MAX_JSON_DEPTH, toStoredJson } from './stored-json';

const stored = (value: unknown) => toStoredJson(value, 'after');

describe('toStoredJson', () => {
  it('gives what JSON.parse(JSON.stringify(v)) gives for ordinary values', () => {
    const values = [
      { a: 1, b: [true, null, 'x'], c: { d: 1.5 } },
      [1, 'two', { three: 3 }],
      'top-level string',
      0,
      false,
      { date: new Date('2026-01-02T03:04:05.006Z'), skip: undefined, list: [undefined, () => 1] },
      { 'ключ': 'значение', '😀': 'astral key', '': 'empty key', 'line\u2028sep': '\u2029' },
      { big: 1e21, small: 5e-324, max: Number.MAX_VALUE, neg: -1.7976931348623157e308, int: 2 ** 60 },
    ];
    for (const value of values) expect(stored(value)).toEqual({ ok: true, value: JSON.parse(JSON.stringify(value)) });
  });

  it('makes -0 a 0, as jsonb does', () => {
    const result = stored({ z: -0, list: [-0] });
    expect(result.ok && Object.is((result.value as { z: number }).z, 0)).toBe(true);
    expect(result.ok && Object.is((result.value as { list: number[] }).list[0], 0)).toBe(true);
  });

  it('gives null for undefined and null at the top, as the column does', () => {
    expect(stored(undefined)).toEqual({ ok: true, value: null });
    expect(stored(null)).toEqual({ ok: true, value: null });
  });

  it('unboxes boxed primitives and keeps a "__proto__" key as a key', () => {
    // eslint-disable-next-line no-new-wrappers
    expect(stored({ n: new Number(3), s: new String('x') })).toEqual({ ok: true, value: { n: 3, s: 'x' } });
    const result = stored(JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(result.ok && Object.keys(result.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    [{ reason: 'a\u0000b' }, 'after.reason', /NUL/],
    [{ lines: [{ note: 'ok' }, { note: '\ud800' }] }, 'after.lines[1].note', /lone UTF-16 surrogate/],
    [{ ['k\u0000']: 1 }, 'after', /has a key that contains the NUL/],
    [{ n: NaN }, 'after.n', /NaN/],
    [[Infinity], 'after[0]', /Infinity/],
    [{ n: 10n }, 'after.n', /BigInt/],
  ])('refuses %p at %s', (value, path, message) => {
    const result = stored(value);
    expect(result).toMatchObject({ ok: false, path });
    expect(!result.ok && result.message).toMatch(message);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, and cycles`, () => {
    const deep = (n: number): unknown => (n === 0 ? 'leaf' : { d: deep(n - 1) });
    expect(stored(deep(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(stored(deep(MAX_JSON_DEPTH + 1))).toMatchObject({ ok: false, message: expect.stringMatching(/deeper than/) });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(stored(cycle).ok).toBe(false);
  });
});
