import { allocateByLargestRemainder, monthOf } from './allocate';
import { allocateShowback, type ServiceCost } from './showback';

describe('allocateByLargestRemainder', () => {
  it('splits exactly, the leftover cents to the largest remainders', () => {
    expect(allocateByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateByLargestRemainder(1000, [2, 1])).toEqual([667, 333]);
    expect(allocateByLargestRemainder(1, [1, 3])).toEqual([0, 1]);
  });

  it('always adds up to the total', () => {
    for (let seed = 1; seed < 200; seed++) {
      const weights = Array.from({ length: (seed % 7) + 1 }, (_, i) => ((seed * (i + 3) * 7919) % 997) / 7);
      const total = (seed * 104_729) % 10_000_000;
      expect(allocateByLargestRemainder(total, weights).reduce((a, b) => a + b, 0)).toBe(weights.some((w) => w > 0) ? total : 0);
    }
  });

  it('gives nothing when there is no weight, and refuses a total that is not whole cents', () => {
    expect(allocateByLargestRemainder(500, [0, 0])).toEqual([0, 0]);
    expect(() => allocateByLargestRemainder(1.5, [1])).toThrow(/whole number/);
  });
});

describe('monthOf', () => {
  it('reads "YYYY-MM" as the UTC month', () => {
    expect(monthOf('2026-12')).toEqual({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    expect(monthOf('2026-13')).toBeNull();
    expect(monthOf('26-1')).toBeNull();
  });
});

describe('allocateShowback', () => {
  const inventory: ServiceCost = { id: 's1', code: 'inventory-availability', subgraphs: ['inventory'], monthlyCost: 1000, currency: 'EUR' };
  const partners: ServiceCost = { id: 's2', code: 'partner-management', subgraphs: ['partners'], monthlyCost: 99.99, currency: 'EUR' };

  it('allocates by weighted usage of the requests that fetched from the service’s subgraphs', () => {
    const [result] = allocateShowback([inventory], [
      { brands: 'a', subgraphs: ['brands', 'inventory'], requests: 10, weight: 300 },
      { brands: 'b', subgraphs: ['inventory'], requests: 20, weight: 100 },
      { brands: '*', subgraphs: ['inventory'], requests: 5, weight: 100 },
      { brands: 'a', subgraphs: ['brands'], requests: 50, weight: 5000 },
    ]);
    expect(result!.lines).toEqual([
      { brandId: 'a', requests: 10, weight: 300, share: 0.6, allocated: 600, costPerRequest: 60 },
      { brandId: 'b', requests: 20, weight: 100, share: 0.2, allocated: 200, costPerRequest: 10 },
    ]);
    expect(result!.unallocated).toEqual({ requests: 5, weight: 100, amount: 200 });
    expect(result!.requests).toBe(35);
  });

  it('splits a multi-brand caller’s usage evenly, and keeps the total to the cent', () => {
    const [result] = allocateShowback([partners], [
      { brands: 'a,b,c', subgraphs: ['partners'], requests: 3, weight: 3 },
    ]);
    expect(result!.lines.map((l) => l.allocated)).toEqual([33.33, 33.33, 33.33]);
    expect(result!.unallocated.amount).toBe(0);
    expect(Math.round(result!.lines.reduce((a, l) => a + l.allocated * 100, 0))).toBe(9999);
  });

  it('leaves the whole cost unallocated when nobody used the service', () => {
    const [result] = allocateShowback([inventory], []);
    expect(result).toMatchObject({ lines: [], unallocated: { requests: 0, weight: 0, amount: 1000 } });
  });
});
