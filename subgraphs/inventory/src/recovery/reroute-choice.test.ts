import { mergedPlan, rerouteScope, unavailability, type HeldReservation } from './reroute-choice';

describe('unavailability', () => {
  const suspended = new Set(['p-bad']);
  const exited = new Set(['p-gone']);
  it('names why a node can no longer ship, in the planner’s filter order', () => {
    expect(unavailability({ active: true, operatorPartnerId: null }, suspended, exited)).toBeNull();
    expect(unavailability({ active: false, operatorPartnerId: 'p-bad' }, suspended, exited)).toBe('INACTIVE');
    expect(unavailability({ active: true, operatorPartnerId: 'p-bad' }, suspended, exited)).toBe('PARTNER_SUSPENDED');
    expect(unavailability({ active: true, operatorPartnerId: 'p-gone' }, suspended, exited)).toBe('PARTNER_EXITED');
    expect(unavailability({ active: true, operatorPartnerId: 'p-ok' }, suspended, exited)).toBeNull();
  });
});

describe('rerouteScope', () => {
  const r = (id: string, nodeId: string, skuId: string, quantity: number, status: HeldReservation['status'] = 'ACTIVE'): HeldReservation => ({ id, nodeId, skuId, quantity, status });

  it('moves the active reservations on the failed node and keeps the rest, within the split the policy leaves', () => {
    // The worked example of docs/lifecycle.md: an order split across WH-A (2 tees) and WH-B (1 tee, 1 cap); WH-B goes dark.
    const scope = rerouteScope([r('1', 'WH-A', 'tee', 2), r('2', 'WH-B', 'tee', 1), r('3', 'WH-B', 'cap', 1)], new Set(['WH-B']), 2)!;
    expect(scope.moving.map((m) => m.id)).toEqual(['2', '3']);
    expect(scope.keeping.map((k) => k.id)).toEqual(['1']);
    expect(scope.lines).toEqual([{ skuId: 'tee', quantity: 1 }, { skuId: 'cap', quantity: 1 }]);
    expect(scope.maxSplit).toBe(1);
  });

  it('adds up the units of one SKU, and leaves a shipped reservation where it is', () => {
    const scope = rerouteScope([r('1', 'N', 'tee', 2), r('2', 'N', 'tee', 3), r('3', 'N', 'cap', 1, 'COMMITTED')], new Set(['N']), 3)!;
    expect(scope.lines).toEqual([{ skuId: 'tee', quantity: 5 }]);
    expect(scope.keeping.map((k) => k.id)).toEqual(['3']);
    expect(scope.maxSplit).toBe(2);
  });

  it('is null when nothing is on the nodes to move off', () => {
    expect(rerouteScope([r('1', 'A', 'tee', 1)], new Set(['B']), 2)).toBeNull();
    expect(rerouteScope([r('1', 'A', 'tee', 1, 'COMMITTED')], new Set(['A']), 2)).toBeNull();
  });

  it('always allows one new node, even when the order already uses the policy’s whole split', () => {
    expect(rerouteScope([r('1', 'A', 'tee', 1), r('2', 'B', 'tee', 1), r('3', 'C', 'cap', 1)], new Set(['C']), 2)!.maxSplit).toBe(1);
  });
});

describe('mergedPlan', () => {
  it('adds the new allocations to what the order keeps, one per node × SKU, by node code', () => {
    const codes: Record<string, string> = { a: 'WH-A', c: 'WH-C' };
    const plan = mergedPlan(
      [{ id: '1', nodeId: 'c', skuId: 'tee', quantity: 2, status: 'ACTIVE' }],
      [
        { nodeId: 'a', skuId: 'tee', quantity: 1 },
        { nodeId: 'c', skuId: 'tee', quantity: 1 },
        { nodeId: 'a', skuId: 'cap', quantity: 1 },
      ],
      (id) => codes[id]!,
    );
    expect(plan).toEqual([
      { nodeId: 'a', skuId: 'cap', quantity: 1 },
      { nodeId: 'a', skuId: 'tee', quantity: 1 },
      { nodeId: 'c', skuId: 'tee', quantity: 3 },
    ]);
  });
});
