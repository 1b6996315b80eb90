import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { preparedQuery } from '../../../../shared/src/db/prepared-query';
import { groupedByKey, rowLoader } from '../../../../shared/src/loader';
import { PartnerEntity } from './partner.entity';

interface BrandPartnerRow {
  brand_id: string;
  id: string;
  name: string;
  kind: PartnerEntity['kind'];
  status: PartnerEntity['status'];
  created_at: Date;
}

/** Partners by id and by the brands they hold contracts with; fresh for every request. */
export function createPartnerLoaders(dataSource: DataSource) {
  return {
    /** Raw SQL with exactly the entity's columns: every partner-run node of a storefront page asks for its operator. */
    byId: rowLoader(
      async (ids: readonly string[]) =>
        (await preparedQuery<Omit<BrandPartnerRow, 'brand_id'>>(dataSource, 'partners.by-id', 'SELECT id, name, kind, status, created_at FROM partner WHERE id = ANY($1::uuid[])', [[...ids]])).map(
          ({ id, name, kind, status, created_at }) => Object.assign(new PartnerEntity(), { id, name, kind, status, createdAt: created_at }),
        ),
      (p) => p.id,
    ),
    /** Distinct partners with a contract for each brand, by name: one query for every brand asked. */
    byBrand: new DataLoader<string, PartnerEntity[]>(async (brandIds) => {
      const rows = await preparedQuery<BrandPartnerRow>(
        dataSource,
        'partners.by-brand',
        `SELECT DISTINCT c.brand_id, p.id, p.name, p.kind, p.status, p.created_at
           FROM contract c JOIN partner p ON p.id = c.partner_id
          WHERE c.brand_id = ANY($1::uuid[])
          ORDER BY p.name, p.id`,
        [[...brandIds]],
      );
      return groupedByKey(brandIds, rows, (r) => r.brand_id).map((group) =>
        group.map(({ id, name, kind, status, created_at }) => ({ id, name, kind, status, createdAt: created_at })),
      );
    }),
  };
}
