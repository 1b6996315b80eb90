import { availableAt } from './stock-position.entity';

describe('availableAt', () => {
  it('is on hand less reserved less safety stock', () => {
    expect(availableAt({ onHand: 100, reserved: 10, safetyStock: 5 })).toBe(85);
  });

  it('never goes below zero when safety stock eats the rest', () => {
    expect(availableAt({ onHand: 4, reserved: 2, safetyStock: 5 })).toBe(0);
  });
});
