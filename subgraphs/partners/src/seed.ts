import type { DataSource } from 'typeorm';
import { DEMO_CONTRACTS, DEMO_PARTNERS, brandIdBySlug, partnerIdByKey } from '../../../shared/src/demo/portfolio';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { appendEntries, SEED_ACTOR } from '../../../shared/src/ledger/ledger';
import type { Logger } from '../../../shared/src/logger';
import { ContractEntity } from './contract/contract.entity';
import { PartnerEntity } from './partner/partner.entity';

export async function seedPartners(dataSource: DataSource, logger: Logger): Promise<void> {
  await seedOnce(dataSource, 'demo-portfolio', logger, async (manager) => {
    const partners = DEMO_PARTNERS.map(({ id, name, kind }) => ({ id, name, kind, status: 'ACTIVE' as const }));
    await manager.insert(PartnerEntity, partners);
    const contracts = DEMO_CONTRACTS.map((c) => ({
      id: c.id,
      partnerId: partnerIdByKey(c.partnerKey),
      brandId: brandIdBySlug(c.brandSlug),
      capabilityScope: c.capabilityScope,
      slaTargets: c.slaTargets,
      validFrom: c.validFrom,
      validTo: c.validTo,
    }));
    await manager.insert(ContractEntity, contracts);
    const reason = 'Demo portfolio seed';
    await appendEntries(manager, SEED_ACTOR, null, [
      ...partners.map((p) => ({ action: 'partner.create', subject: { type: 'Partner', id: p.id }, after: p, reason })),
      ...contracts.map((c) => ({ action: 'contract.create', subject: { type: 'Contract', id: c.id, brandId: c.brandId }, after: c, reason })),
    ]);
  });
}
