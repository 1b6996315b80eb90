import type { DataSource } from 'typeorm';
import { trellisError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { BrandEntity } from './brand.entity';
import type { Brand, Lifecycle } from './brand.type';
import { requireBrand } from './require-brand';

export async function setBrandLifecycle(
  dataSource: DataSource,
  context: AuditContext,
  input: { slug: string; lifecycle: `${Lifecycle}`; reason: string },
): Promise<BrandEntity> {
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const brand = await requireBrand(manager, context.principal, input.slug, { lock: true });
    if (brand.lifecycle === input.lifecycle) {
      throw trellisError('NO_CHANGE', `Brand "${input.slug}" is already ${input.lifecycle}; nothing to change.`);
    }
    const before = { lifecycle: brand.lifecycle };
    brand.lifecycle = input.lifecycle;
    await manager.save(brand);
    record({ subject: { type: 'Brand', id: brand.id, brandId: brand.id }, before, after: { lifecycle: brand.lifecycle }, reason });
    return brand;
  });
}

/**
 * The brand as it was at `asOf`, replayed from the ledger: its creation entry, then every change
 * up to that instant. Null if the brand did not exist yet.
 */
export async function brandAsOf(dataSource: DataSource, slug: string, asOf: Date): Promise<Brand | null> {
  const current = await dataSource.getRepository(BrandEntity).findOneBy({ slug });
  if (!current) return null;
  const changes: { after: Partial<Brand> | null }[] = await dataSource.query(
    `SELECT after FROM ledger_entry WHERE subject_type = 'Brand' AND subject_id = $1 AND occurred_at <= $2 ORDER BY seq`,
    [current.id, asOf],
  );
  if (changes.length === 0) return null;
  return changes.reduce<Brand>((state, change) => ({ ...state, ...(change.after ?? {}) }), { id: current.id } as Brand);
}
