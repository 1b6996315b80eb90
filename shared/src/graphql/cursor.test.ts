import { GraphQLError } from 'graphql';
import { checkPageSize, decodeCursor, encodeCursor, isSequenceKey } from './cursor';

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

  it('refuse a forged cursor whose key cannot reach SQL', () => {
    const forged = (key: string) => Buffer.from(`sku:${key}`, 'utf8').toString('base64url');
    expect(() => decodeCursor('sku', forged('HAL\u0000'))).toThrow(/^after: is not a cursor from this list/);
    expect(decodeCursor('sku', forged('HAL-001'))).toBe('HAL-001');
  });

  it('check the key type when asked', () => {
    const ledger = (key: string) => encodeCursor('ledger', key);
    expect(decodeCursor('ledger', ledger('42'), 'after', isSequenceKey)).toBe('42');
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999', ' 1', '']) {
      expect(() => decodeCursor('ledger', ledger(bad), 'after', isSequenceKey)).toThrow(/^after: is not a cursor/);
    }
  });

  it('bound page sizes', () => {
    expect(() => checkPageSize(1, 10)).not.toThrow();
    expect(() => checkPageSize(10, 10)).not.toThrow();
    for (const bad of [0, -1, 11, 2.5]) expect(() => checkPageSize(bad, 10)).toThrow(/between 1 and 10/);
  });
});
