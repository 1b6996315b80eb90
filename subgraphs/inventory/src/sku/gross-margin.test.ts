import { grossMargin } from './gross-margin';

describe('grossMargin', () => {
  it('is (price − unit cost) / price, to 4 places', () => {
    expect(grossMargin(30, 12)).toBe(0.6);
    expect(grossMargin(3, 1)).toBe(0.6667);
  });

  it('is negative when a SKU sells below cost, and null without a price', () => {
    expect(grossMargin(10, 12)).toBe(-0.2);
    expect(grossMargin(0, 5)).toBeNull();
  });
});
