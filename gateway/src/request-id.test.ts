import { requestIdFrom } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it('keeps a caller’s correlation id', () => {
    expect(requestIdFrom('req-42.a_b:c')).toBe('req-42.a_b:c');
  });

  it.each([[undefined], [''], ['x'.repeat(129)], ['a b'], ['ünïcode'], ['x\u0000'], [['a', 'b']]])('replaces %p with a fresh UUID', (header) => {
    expect(requestIdFrom(header as string | string[] | undefined)).toMatch(UUID);
  });
});
