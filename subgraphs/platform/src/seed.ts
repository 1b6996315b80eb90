import type { DataSource } from 'typeorm';
import { stableId } from '../../../shared/src/demo/stable-id';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { appendEntries, SEED_ACTOR } from '../../../shared/src/ledger/ledger';
import type { Logger } from '../../../shared/src/logger';
import { SharedServiceEntity } from './catalogue/shared-service.entity';

/** The demo catalogue: the three shared services the core subgraphs implement. */
export const DEMO_SERVICES = [
  {
    code: 'inventory-availability',
    name: 'Inventory & availability',
    capabilityCode: 'INVENTORY',
    subgraphs: ['inventory'],
    ownerTeam: 'inventory-platform',
    sloP99Ms: 300,
    sloErrorRate: 0.001,
    monthlyCost: 18_000,
    currency: 'EUR',
    roadmap: 'Q3: reservations across brands for shared 3PLs. Q4: availability promises per store.',
  },
  {
    code: 'partner-management',
    name: 'Partner management',
    capabilityCode: 'FULFILLMENT',
    subgraphs: ['partners'],
    ownerTeam: 'partner-management',
    sloP99Ms: 400,
    sloErrorRate: 0.005,
    monthlyCost: 9_500,
    currency: 'EUR',
    roadmap: 'Q3: partner self-service for performance reports. Q4: automated exit planning.',
  },
  {
    code: 'portfolio-decisions',
    name: 'Portfolio decisions',
    capabilityCode: 'ANALYTICS',
    subgraphs: ['brands'],
    ownerTeam: 'portfolio-office',
    sloP99Ms: 250,
    sloErrorRate: 0.001,
    monthlyCost: 6_000,
    currency: 'EUR',
    roadmap: 'Q3: quarterly review workflow. Q4: scenario comparison of operating models.',
  },
] as const;

export async function seedPlatform(dataSource: DataSource, logger: Logger): Promise<void> {
  await seedOnce(dataSource, 'platform', logger, async (manager) => {
    const now = new Date();
    const services = DEMO_SERVICES.map((s) =>
      Object.assign(new SharedServiceEntity(), { ...s, subgraphs: [...s.subgraphs], id: stableId(`shared-service:${s.code}`), capabilityId: stableId(`capability:${s.capabilityCode}`), createdAt: now, updatedAt: now }),
    );
    await manager.insert(SharedServiceEntity, services);
    await appendEntries(
      manager,
      SEED_ACTOR,
      null,
      services.map((s) => ({
        action: 'service.define',
        subject: { type: 'SharedService', id: s.id, capability: s.capabilityCode },
        after: { code: s.code, name: s.name, subgraphs: s.subgraphs, slo: { p99Ms: s.sloP99Ms, errorRate: s.sloErrorRate }, monthlyCost: s.monthlyCost, currency: s.currency },
        reason: 'Demo catalogue',
      })),
    );
  });
}
