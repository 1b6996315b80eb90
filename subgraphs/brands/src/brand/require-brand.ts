import type { EntityManager } from 'typeorm';
import { mayAccessBrandId, type Principal } from '../../../../shared/src/auth/principal';
import { forbiddenBrandError, notFound } from '../../../../shared/src/errors';
import { BrandEntity } from './brand.entity';

/**
 * The brand an input names by its slug, for a caller who may act on it (NOT_FOUND, FORBIDDEN_BRAND
 * otherwise) — the brands subgraph's one way from a slug to a brand in a change; `lock` holds the
 * row for the rest of the transaction.
 */
export async function requireBrand(manager: EntityManager, principal: Pick<Principal, 'brandIds'>, slug: string, options: { lock?: boolean } = {}): Promise<BrandEntity> {
  const brand = await manager.findOne(BrandEntity, { where: { slug }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!brand) throw notFound(`Brand "${slug}"`);
  if (!mayAccessBrandId(principal, brand.id)) throw forbiddenBrandError(`Brand "${slug}"`);
  return brand;
}
