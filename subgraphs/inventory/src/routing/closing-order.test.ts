import { closingOrder } from './closing-order';

const r = (skuId: string, nodeId: string, createdAt: string, quantity = 1) => ({ skuId, nodeId, quantity, createdAt: new Date(createdAt) });

describe('closingOrder', () => {
  it('touches stock positions by SKU then node, whatever order the reservations come in', () => {
    const { positions } = closingOrder([r('b', '1', '2026-05-02T10:00:00Z'), r('a', '2', '2026-05-01T10:00:00Z'), r('a', '1', '2026-05-02T23:59:59Z')]);
    expect(positions.map((p) => `${p.skuId}@${p.nodeId}`)).toEqual(['a@1', 'a@2', 'b@1']);
  });

  it('gives usage back day by day, earliest first, each day’s reservations together', () => {
    const { usageDays } = closingOrder([r('b', '1', '2026-05-02T10:00:00Z'), r('a', '2', '2026-05-01T10:00:00Z'), r('a', '1', '2026-05-02T23:59:59Z', 3)]);
    expect(usageDays.map((d) => [d.day, d.reservations.map((x) => `${x.skuId}@${x.nodeId}`)])).toEqual([
      ['2026-05-01', ['a@2']],
      ['2026-05-02', ['b@1', 'a@1']],
    ]);
  });

  it('leaves nothing to do for no reservations', () => {
    expect(closingOrder([])).toEqual({ positions: [], usageDays: [] });
  });
});
