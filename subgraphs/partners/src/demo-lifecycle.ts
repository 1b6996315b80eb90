import type { DataSource } from 'typeorm';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { DEMO_CONTRACTS } from '../../../shared/src/demo/portfolio';
import { appendEntries, SEED_ACTOR } from '../../../shared/src/ledger/ledger';
import type { Logger } from '../../../shared/src/logger';
import { ContractEntity, type ContractFees } from './contract/contract.entity';
import { exitDateAfterNotice } from './contract/exit-date';

/** What each demo contract charges beyond the handling cost of the partner's nodes. */
export const DEMO_FEES: Record<string, ContractFees> = {
  'swiftlane-northwind': { monthlyFee: 4500, feePerOrder: 0.9 },
  'swiftlane-halden': { monthlyFee: 3200, feePerOrder: 1.1 },
  'swiftlane-kestrel': { monthlyFee: 2800, feePerOrder: 0.9 },
  'meridian-tidepool': { monthlyFee: 1500, feePerOrder: 1.6 },
  'brightmark-halden': { monthlyFee: 2000, feePerOrder: 0 },
  'marketa-kestrel': { monthlyFee: 1200, feePerOrder: 0 },
  'marketa-lumen': { monthlyFee: 900, feePerOrder: 0 },
  'vellum-aurelia': { monthlyFee: 1800, feePerOrder: 0 },
};

/** The contract the demo shows leaving: Aurelia gave Vellum notice twenty days ago. */
export const DEMO_NOTICE = { key: 'vellum-aurelia', daysAgo: 20, reason: 'Product content moves in-house with the new atelier studio' };

/**
 * The lifecycle part of the demo, once per database (also into a database seeded before it
 * existed): every contract's fees, and one contract under notice with its transition under way.
 */
export async function seedPartnersLifecycle(dataSource: DataSource, logger: Logger, now = new Date()): Promise<void> {
  await seedOnce(dataSource, 'demo-lifecycle', logger, async (manager) => {
    const reason = 'Demo portfolio seed: lifecycle';
    const records = [];
    for (const demo of DEMO_CONTRACTS) {
      const contract = await manager.findOneBy(ContractEntity, { id: demo.id });
      const fees = DEMO_FEES[demo.key];
      if (!contract || !fees || contract.status === 'SUPERSEDED') continue;
      await manager.update(ContractEntity, { id: contract.id }, { fees });
      records.push({ action: 'contract.fees.seed', subject: { type: 'Contract', id: contract.id, brandId: contract.brandId }, before: { fees: contract.fees }, after: { fees }, reason });
      if (demo.key === DEMO_NOTICE.key && contract.status === 'ACTIVE') {
        const noticeGivenAt = new Date(now.getTime() - DEMO_NOTICE.daysAgo * 86_400_000);
        const exitDate = exitDateAfterNotice(noticeGivenAt, contract.exitTerms.noticeDays);
        await manager.update(ContractEntity, { id: contract.id }, { status: 'NOTICE_GIVEN', noticeGivenAt, exitDate });
        records.push({
          action: 'contract.notice',
          subject: { type: 'Contract', id: contract.id, brandId: contract.brandId, capability: contract.capabilityScope[0] },
          before: { status: 'ACTIVE' },
          after: { status: 'NOTICE_GIVEN', exitDate, noticeDays: contract.exitTerms.noticeDays, transitionDays: contract.exitTerms.transitionDays },
          reason: DEMO_NOTICE.reason,
        });
      }
    }
    await appendEntries(manager, SEED_ACTOR, null, records);
  });
}
