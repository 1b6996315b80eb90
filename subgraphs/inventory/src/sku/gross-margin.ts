/** Gross margin of a SKU, (price − unit cost) / price to 4 places; null when it has no price to divide by. */
export function grossMargin(price: number, unitCost: number): number | null {
  return price > 0 ? Math.round(((price - unitCost) / price) * 10_000) / 10_000 : null;
}
