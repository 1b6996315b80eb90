import type { DataSource } from 'typeorm';
import { DEMO_CONTRACTS, DEMO_PARTNERS, brandIdBySlug } from '../../../shared/src/demo/portfolio';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { appendEntries, AuditTrail, SEED_ACTOR } from '../../../shared/src/ledger/ledger';
import type { Logger } from '../../../shared/src/logger';
import type { ContractModel, EscalationStep } from './contract/contract.entity';
import { ContractEntity } from './contract/contract.entity';
import { PartnerEntity } from './partner/partner.entity';
import { seedPartnersLifecycle } from './demo-lifecycle';
import { recordPerformance } from './performance/performance.service';
import type { Actual } from './performance/scorecard';

const MODEL_BY_KIND: Record<string, ContractModel> = {
  THREE_PL: 'OUTSOURCE',
  DROPSHIPPER: 'MANAGED_SERVICE',
  LICENSEE: 'LICENSE',
  MARKETPLACE: 'MARKETPLACE',
  MANUFACTURER: 'OUTSOURCE',
};

const ESCALATION: EscalationStep[] = [
  { level: 1, role: 'Partner account manager', responseHours: 48 },
  { level: 2, role: 'Head of partner operations', responseHours: 24 },
  { level: 3, role: 'Chief operating officer', responseHours: 8 },
];

export async function seedPartners(dataSource: DataSource, logger: Logger): Promise<void> {
  await seedOnce(dataSource, 'demo-portfolio', logger, async (manager) => {
    const partners = DEMO_PARTNERS.map(({ id, name, kind }) => ({ id, name, kind, status: 'ACTIVE' as const }));
    await manager.insert(PartnerEntity, partners);
    const contracts = DEMO_CONTRACTS.map((c) => {
      const partner = DEMO_PARTNERS.find((p) => p.key === c.partnerKey)!;
      return {
        id: c.id,
        partnerId: partner.id,
        brandId: brandIdBySlug(c.brandSlug),
        capabilityScope: c.capabilityScope,
        slaTargets: c.slaTargets,
        validFrom: c.validFrom,
        validTo: c.validTo,
        model: MODEL_BY_KIND[partner.kind]!,
        kpiWeights: Object.fromEntries(c.slaTargets.map((t) => [t.kpi, t.kpi === 'OTIF' ? 3 : 1])),
        auditRights: { scope: 'Sites, systems and records of the contracted service', frequency: 'ANNUAL', noticeDays: 30 },
        escalationSteps: ESCALATION,
        exitTerms: { noticeDays: 90, cureDays: 45, transitionDays: 60 },
        fees: { monthlyFee: 0, feePerOrder: 0 },
        version: 1,
        supersedesId: null,
        lineageId: c.id,
        status: 'ACTIVE' as const,
        noticeGivenAt: null,
        exitDate: null,
        createdAt: new Date(),
      } satisfies ContractEntity;
    });
    await manager.insert(ContractEntity, contracts);
    const reason = 'Demo portfolio seed';
    await appendEntries(manager, SEED_ACTOR, null, [
      ...partners.map((p) => ({ action: 'partner.create', subject: { type: 'Partner', id: p.id }, after: p, reason })),
      ...contracts.map((c) => ({ action: 'contract.create', subject: { type: 'Contract', id: c.id, brandId: c.brandId }, after: c, reason })),
    ]);
  });
  await seedPerformance(dataSource, logger);
  await seedPartnersLifecycle(dataSource, logger);
}

/** The last three months of performance for the logistics contracts: mostly on target, one slipping. */
async function seedPerformance(dataSource: DataSource, logger: Logger): Promise<void> {
  const months = lastMonths(3);
  const seedContext = { principal: { sub: 'system:seed', roles: [], scopes: [], brands: '*' as const, brandIds: '*' as const }, audit: AuditTrail.system('system:seed', 'seed') };
  // Recorded through the same service as any report (its own transactions), once.
  const [{ n }] = await dataSource.query("SELECT count(*)::int AS n FROM trellis_seed WHERE name = 'demo-performance'");
  if (n > 0) return;
  for (const contract of DEMO_CONTRACTS) {
    for (const [i, period] of months.entries()) {
      const slipping = contract.key === 'swiftlane-kestrel' && i === months.length - 1;
      const actuals: Actual[] = contract.slaTargets.map((t) => ({
        kpi: t.kpi,
        value:
          t.direction === 'LOWER_IS_BETTER'
            ? Math.round(t.target * 0.9)
            : Math.min(1, Math.round(t.target * (slipping && t.kpi === 'OTIF' ? 0.93 : 1.005 - i * 0.002) * 1000) / 1000),
      }));
      await seedContext.audit.mutation('performance.record', 'seed', () =>
        recordPerformance(dataSource, seedContext, { contractId: contract.id, period, actuals, reason: 'Demo portfolio seed' }),
      );
    }
  }
  await seedOnce(dataSource, 'demo-performance', logger, async () => {});
}

function lastMonths(n: number, now = new Date()): string[] {
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

