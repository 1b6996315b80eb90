import { codePointLength } from './code-points';
import { describeUnstorable, findUnstorableCharacter } from './storable-text';
import { hasVisibleCharacter } from './visible-text';

describe('findUnstorableCharacter', () => {
  it.each([
    ['', null],
    ['plain text', null],
    ['astral 😀 and 𝄞', null],
    ['combining é, RTL \u200f, U+2028 \u2028, zero width \u200b, BOM \ufeff', null],
    ['noncharacters \uffff \ufffe are still scalar values', null],
  ])('accepts %j', (value, expected) => {
    expect(findUnstorableCharacter(value)).toBe(expected);
  });

  it.each([
    ['a\u0000b', { kind: 'nul', position: 2, codeUnit: 0 }],
    ['\ud800', { kind: 'lone-surrogate', position: 1, codeUnit: 0xd800 }],
    ['ok 😀 then \udc00', { kind: 'lone-surrogate', position: 12, codeUnit: 0xdc00 }],
    ['high at the end \ud83d', { kind: 'lone-surrogate', position: 17, codeUnit: 0xd83d }],
    ['reversed pair \ude00\ud83d', { kind: 'lone-surrogate', position: 15, codeUnit: 0xde00 }],
  ])('finds the first character PostgreSQL would not give back in %j', (value, expected) => {
    expect(findUnstorableCharacter(value)).toEqual(expected);
  });

  it('describes the problem without echoing the value', () => {
    expect(describeUnstorable({ kind: 'lone-surrogate', position: 3, codeUnit: 0xd800 })).toMatch(/lone UTF-16 surrogate \(U\+D800\) at position 3/);
    expect(describeUnstorable({ kind: 'nul', position: 1, codeUnit: 0 })).toMatch(/NUL character \(U\+0000\) at position 1/);
  });
});

describe('codePointLength', () => {
  it('counts an astral character once', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀😀')).toBe(2);
    expect(codePointLength('a\ud800b')).toBe(3);
  });
});

describe('hasVisibleCharacter', () => {
  it.each(['a', 'Ä', '7', '.', '€', '😀', '中', 'ا', '  x  ', '\u200bx'])('sees %j', (value) => {
    expect(hasVisibleCharacter(value)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['spaces and tabs', ' \t\n\r '],
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['zero-width joiners and marks', '\u200c\u200d\u200e\u200f\u2060\ufeff'],
    ['line and paragraph separators', '\u2028\u2029'],
    ['no-break and ideographic spaces', '\u00a0\u3000\u2007'],
    ['controls', '\u0001\u007f\u0085'],
    ['combining marks alone', '\u0301\u0308'],
    ['Hangul fillers', '\u3164\u115f\u1160\uffa0'],
    ['blank Braille', '\u2800'],
    ['private use', '\ue000'],
  ])('does not see %s', (_what, value) => {
    expect(hasVisibleCharacter(value)).toBe(false);
  });
});
