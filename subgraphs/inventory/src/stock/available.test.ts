import { availableAcross, availableAt } from './available';

describe('availableAt', () => {
  it('is on hand less reserved less safety stock', () => {
    expect(availableAt({ onHand: 100, reserved: 10, safetyStock: 5 })).toBe(85);
  });

  it('never goes below zero when safety stock eats the rest', () => {
    expect(availableAt({ onHand: 4, reserved: 2, safetyStock: 5 })).toBe(0);
  });

  it('is zero when everything on hand is exactly reserved or kept back', () => {
    expect(availableAt({ onHand: 10, reserved: 7, safetyStock: 3 })).toBe(0);
  });
});

describe('availableAcross', () => {
  it('adds up what each node can promise; a node short of safety stock subtracts nothing', () => {
    expect(
      availableAcross([
        { onHand: 100, reserved: 10, safetyStock: 5 },
        { onHand: 4, reserved: 2, safetyStock: 5 },
        { onHand: 20, reserved: 0, safetyStock: 0 },
      ]),
    ).toBe(105);
  });

  it('is zero for a SKU held nowhere', () => {
    expect(availableAcross([])).toBe(0);
  });
});
