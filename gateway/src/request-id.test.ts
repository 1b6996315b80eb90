import { correlationIdFrom } from './request-id';

describe('correlationIdFrom', () => {
  it('keeps a caller’s correlation id when it is a short token', () => {
    expect(correlationIdFrom('req-42.a_b:c')).toBe('req-42.a_b:c');
  });

  it.each([[undefined], [''], ['x'.repeat(129)], ['a b'], ['ünïcode'], ['x\u0000'], [['a', 'b']]])('drops %p', (header) => {
    expect(correlationIdFrom(header as string | string[] | undefined)).toBeUndefined();
  });
});
