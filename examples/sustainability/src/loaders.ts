import type { DataSource } from 'typeorm';
import { createFootprintLoaders } from './footprint/footprint.loader';

/** One set per request: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource) {
  return { footprint: createFootprintLoaders(dataSource) };
}
