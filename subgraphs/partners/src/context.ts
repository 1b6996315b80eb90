import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In, Not } from 'typeorm';
import type { BrandLookup } from '../../../shared/src/subgraph/brand-lookup';
import { BreachEntity, PerformanceReportEntity } from './performance/performance.entities';
import { groupedByKey, groupLoader, rowLoader } from '../../../shared/src/loader';
import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import { ContractEntity } from './contract/contract.entity';
import { PartnerEntity } from './partner/partner.entity';

interface BrandPartnerRow {
  brand_id: string;
  id: string;
  name: string;
  kind: PartnerEntity['kind'];
  status: PartnerEntity['status'];
  created_at: Date;
}

/** One set per request: loaders cache only for the request that created them. */
export function createLoaders(dataSource: DataSource) {
  const partners = dataSource.getRepository(PartnerEntity);
  const contracts = dataSource.getRepository(ContractEntity);
  const contractOrder = { validFrom: 'ASC', id: 'ASC' } as const;
  return {
    partnerById: rowLoader((ids: readonly string[]) => partners.findBy({ id: In([...ids]) }), (p) => p.id),
    contractById: rowLoader((ids: readonly string[]) => contracts.findBy({ id: In([...ids]) }), (c) => c.id),
    /** Current versions only: an amended contract's earlier versions are reached through `versions`. */
    contractsByPartner: groupLoader(
      (ids: readonly string[]) => contracts.find({ where: { partnerId: In([...ids]), status: Not('SUPERSEDED') }, order: contractOrder }),
      (c) => c.partnerId,
    ),
    contractsByBrand: groupLoader(
      (ids: readonly string[]) => contracts.find({ where: { brandId: In([...ids]), status: Not('SUPERSEDED') }, order: contractOrder }),
      (c) => c.brandId,
    ),
    contractVersions: groupLoader(
      (lineageIds: readonly string[]) => contracts.find({ where: { lineageId: In([...lineageIds]) }, order: { version: 'ASC' } }),
      (c) => c.lineageId,
    ),
    /** Open breaches as stored: the sweep (on its schedule, or `sweepBreaches`) escalates overdue cures, reading never does. */
    openBreachesByPartner: groupLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(BreachEntity).find({ where: { partnerId: In([...ids]), status: 'OPEN' }, order: { cureDueAt: 'ASC', kpi: 'ASC' } }),
      (b) => b.partnerId,
    ),
    currentReportsByPartner: groupLoader(
      (ids: readonly string[]) =>
        dataSource.getRepository(PerformanceReportEntity).find({ where: { partnerId: In([...ids]), current: true }, order: { period: 'ASC', contractId: 'ASC' } }),
      (r) => r.partnerId,
    ),
    /** Distinct partners with a contract for each brand, by name: one query for every brand asked. */
    partnersByBrand: new DataLoader<string, PartnerEntity[]>(async (brandIds) => {
      const rows: BrandPartnerRow[] = await dataSource.query(
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

export type PartnersLoaders = ReturnType<typeof createLoaders>;
export interface PartnersServices {
  brands: BrandLookup;
}

export type PartnersContext = SubgraphContext<PartnersLoaders, PartnersServices>;
