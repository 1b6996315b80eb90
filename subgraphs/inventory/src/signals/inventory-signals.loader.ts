import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { UpstreamFacts } from '../routing/upstream-facts';
import { loadInventorySignals, type InventorySignalsOf } from './inventory-signals.service';

/** Inventory signals by brand; fresh for every request. */
export function createSignalLoaders(dataSource: DataSource, facts: UpstreamFacts) {
  return { byBrand: new DataLoader<string, InventorySignalsOf>((brandIds) => loadInventorySignals(dataSource, facts, brandIds)) };
}
