import type { StockPositionEntity } from './stock-position.entity';

type Position = Pick<StockPositionEntity, 'onHand' | 'reserved' | 'safetyStock'>;

/**
 * Units that can still be promised at a node: on hand, less what is already reserved for orders,
 * less the safety stock kept back. Never below zero: a node short of its safety stock offers none.
 */
export function availableAt(position: Position): number {
  return Math.max(0, position.onHand - position.reserved - position.safetyStock);
}

/** Units of a SKU that can be promised across its nodes: a node short of stock takes nothing from the others. */
export function availableAcross(positions: readonly Position[]): number {
  return positions.reduce((sum, p) => sum + availableAt(p), 0);
}
