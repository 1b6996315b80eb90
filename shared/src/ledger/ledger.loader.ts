import type DataLoader from 'dataloader';
import { batchByArgs } from '../loader';
import type { LedgerFilters, LedgerPage, LedgerReader } from './ledger-reader';

export interface BrandPageKey {
  brandId: string;
  filters: LedgerFilters;
  first: number;
  after: string | null;
}

/** Per request: pages of many brands asking the same filters are read in one statement. */
export function createBrandLedgerLoader(reader: LedgerReader): DataLoader<BrandPageKey, LedgerPage, string> {
  return batchByArgs(
    (brandIds, { filters, first, after }: Omit<BrandPageKey, 'brandId'>) => reader.pagesForBrands(brandIds, filters, first, after),
    ({ brandId, ...args }: BrandPageKey) => ({ id: brandId, args }),
  );
}
