import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { demoCatalog, type DemoSku } from '../../../shared/src/demo/portfolio';
import type { Logger } from '../../../shared/src/logger';
import { SkuFootprintEntity } from './footprint/footprint.entity';

/** A number in [0, 1) derived from the SKU code, so every seed gives the same footprints. */
const fraction = (code: string): number => createHash('sha1').update(`footprint:${code}`).digest().readUInt32BE(0) / 2 ** 32;

/** Roughly a third of the range has a supplier LCA; the rest is estimated from its price (20–60 g CO2e per unit of price). */
export function demoFootprint(sku: DemoSku): Pick<SkuFootprintEntity, 'skuId' | 'brandId' | 'kgCo2e' | 'method'> {
  const f = fraction(sku.code);
  return {
    skuId: sku.id,
    brandId: sku.brandId,
    kgCo2e: Math.round(sku.price * (0.02 + f * 0.04) * 1000) / 1000,
    method: f < 0.35 ? 'PROCESS_LCA' : 'SPEND_BASED',
  };
}

export async function seedSustainability(dataSource: DataSource, logger: Logger): Promise<void> {
  await seedOnce(dataSource, 'demo-portfolio', logger, async (manager) => {
    await manager.insert(SkuFootprintEntity, demoCatalog().skus.map(demoFootprint));
  });
}
