import { GraphQLError } from 'graphql';
import { checkPageSize, decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it('round-trip and stay opaque', () => {
    const cursor = encodeCursor('sku', 'HAL-007');
    expect(cursor).not.toContain('HAL');
    expect(decodeCursor('sku', cursor)).toBe('HAL-007');
  });

  it('refuse a cursor of another list with BAD_USER_INPUT', () => {
    const foreign = encodeCursor('ledger', '42');
    expect(() => decodeCursor('sku', foreign)).toThrow(GraphQLError);
    try {
      decodeCursor('sku', 'garbage');
    } catch (error) {
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('bound page sizes', () => {
    expect(() => checkPageSize(1, 10)).not.toThrow();
    expect(() => checkPageSize(10, 10)).not.toThrow();
    for (const bad of [0, -1, 11, 2.5]) expect(() => checkPageSize(bad, 10)).toThrow(/between 1 and 10/);
  });
});
