import type { DataSource } from 'typeorm';
import { DEMO_CONTRACTS, DEMO_PARTNERS, brandIdBySlug, partnerIdByKey } from '../../../shared/src/demo/portfolio';
import { seedOnce } from '../../../shared/src/db/seed-once';
import type { Logger } from '../../../shared/src/logger';
import { ContractEntity } from './contract/contract.entity';
import { PartnerEntity } from './partner/partner.entity';

export async function seedPartners(dataSource: DataSource, logger: Logger): Promise<void> {
  await seedOnce(dataSource, 'demo-portfolio', logger, async (manager) => {
    await manager.insert(
      PartnerEntity,
      DEMO_PARTNERS.map(({ id, name, kind }) => ({ id, name, kind, status: 'ACTIVE' as const })),
    );
    await manager.insert(
      ContractEntity,
      DEMO_CONTRACTS.map((c) => ({
        id: c.id,
        partnerId: partnerIdByKey(c.partnerKey),
        brandId: brandIdBySlug(c.brandSlug),
        capabilityScope: c.capabilityScope,
        slaTargets: c.slaTargets,
        validFrom: c.validFrom,
        validTo: c.validTo,
      })),
    );
  });
}
