import { GraphQLError } from 'graphql';
import { MAX_REASON_LENGTH, optionalReason, requireReason } from './reason';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as GraphQLError).extensions.code, field: (error as GraphQLError).extensions.field, message: (error as Error).message };
  }
  return null;
};

describe('requireReason', () => {
  it('keeps a real reason, trimmed', () => {
    expect(requireReason('  Cycle count: 3 damaged \n')).toBe('Cycle count: 3 damaged');
    expect(requireReason('✔')).toBe('✔');
    expect(requireReason('\u200bx\u200b')).toBe('\u200bx\u200b');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
    ['zero-width only', '\u200b\u200b\u200b'],
    ['format characters only', '\u200e\u200f\ufeff\u2060'],
    ['a Hangul filler', '\u3164'],
  ])('refuses a reason that is %s with REASON_REQUIRED naming the field', (_what, reason) => {
    expect(codeOf(() => requireReason(reason, 'input.rationale'))).toMatchObject({ code: 'REASON_REQUIRED', field: 'input.rationale', message: expect.stringMatching(/^input\.rationale: /) });
  });

  it(`refuses more than ${MAX_REASON_LENGTH} characters with BAD_USER_INPUT saying the limit`, () => {
    expect(requireReason('x'.repeat(MAX_REASON_LENGTH))).toHaveLength(MAX_REASON_LENGTH);
    expect(requireReason('😀'.repeat(MAX_REASON_LENGTH))).toHaveLength(2 * MAX_REASON_LENGTH);
    expect(codeOf(() => requireReason('x'.repeat(MAX_REASON_LENGTH + 1)))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
      message: expect.stringContaining(`at most ${MAX_REASON_LENGTH} characters`),
    });
  });
});

describe('optionalReason', () => {
  it('falls back when nothing visible is given, and checks anything else', () => {
    expect(optionalReason(undefined, 'default')).toBe('default');
    expect(optionalReason('\u200b ', 'default')).toBe('default');
    expect(optionalReason(' given ', 'default')).toBe('given');
    expect(codeOf(() => optionalReason('y'.repeat(MAX_REASON_LENGTH + 1), 'default'))?.code).toBe('BAD_USER_INPUT');
  });
});
