import { MAX_LINE_QUANTITY, MAX_ORDER_LINES, orderedQuantities } from './order-lines';

const A = '00000000-0000-5000-8000-00000000000a';
const B = '00000000-0000-5000-8000-00000000000b';
const argumentOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as { extensions?: { field?: string; code?: string } }).extensions;
  }
};

describe('orderedQuantities', () => {
  it('adds up lines that repeat a SKU, in the order SKUs first appear', () => {
    expect([...orderedQuantities([{ skuId: A, quantity: 2 }, { skuId: B, quantity: 1 }, { skuId: A, quantity: 3 }])]).toEqual([
      [A, 5],
      [B, 1],
    ]);
  });

  it.each([
    ['no lines', [], 'lines'],
    ['too many lines', Array.from({ length: MAX_ORDER_LINES + 1 }, () => ({ skuId: A, quantity: 1 })), 'lines'],
    ['a quantity of 0', [{ skuId: A, quantity: 0 }], 'lines[0].quantity'],
    ['a fractional quantity', [{ skuId: A, quantity: 1 }, { skuId: B, quantity: 1.5 }], 'lines[1].quantity'],
    ['a quantity above the most one line may hold', [{ skuId: A, quantity: MAX_LINE_QUANTITY + 1 }], 'lines[0].quantity'],
    ['a SKU id that is not a UUID', [{ skuId: 'HAL-001', quantity: 1 }], 'lines[0].skuId'],
  ])('refuses %s, naming the argument', (_what, lines, argument) => {
    expect(argumentOf(() => orderedQuantities(lines))).toMatchObject({ code: 'BAD_USER_INPUT', field: argument });
  });
});
