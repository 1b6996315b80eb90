import { badInput, requireUuid } from '../../../../shared/src/errors';

export const MAX_ORDER_LINES = 25;
export const MAX_LINE_QUANTITY = 10_000;

export interface OrderLineInput {
  skuId: string;
  quantity: number;
}

/**
 * The quantity ordered of each SKU: at least one and at most MAX_ORDER_LINES lines, each a SKU id
 * and a whole quantity from 1 to MAX_LINE_QUANTITY; lines repeating a SKU add up. A bad line is
 * refused naming it.
 */
export function orderedQuantities(input: readonly OrderLineInput[]): Map<string, number> {
  if (input.length === 0) throw badInput('lines', 'an order needs at least one line.');
  if (input.length > MAX_ORDER_LINES) throw badInput('lines', `at most ${MAX_ORDER_LINES} lines per order, not ${input.length}.`);
  const quantities = new Map<string, number>();
  input.forEach((line, i) => {
    const skuId = requireUuid(`lines[${i}].skuId`, line.skuId);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw badInput(`lines[${i}].quantity`, `must be a whole number from 1 to ${MAX_LINE_QUANTITY}, not ${line.quantity}.`);
    }
    quantities.set(skuId, (quantities.get(skuId) ?? 0) + line.quantity);
  });
  return quantities;
}
