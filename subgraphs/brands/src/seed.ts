import type { DataSource } from 'typeorm';
import { DEMO_BRANDS, DEMO_CAPABILITIES } from '../../../shared/src/demo/portfolio';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { appendEntries, SEED_ACTOR } from '../../../shared/src/ledger/ledger';
import type { Logger } from '../../../shared/src/logger';
import { BrandEntity } from './brand/brand.entity';
import { CapabilityEntity } from './capability/capability.entity';
import { AssessmentEntity } from './decision/assessment.entity';
import { DecisionEntity } from './decision/decision.entity';
import { demoDecisions } from './decision/demo-decisions';
import { recommend } from './decision/recommend';
import { seedBrandsLifecycle } from './demo-lifecycle';

export async function seedBrands(dataSource: DataSource, logger: Logger): Promise<void> {
  await seedOnce(dataSource, 'demo-portfolio', logger, async (manager) => {
    await manager.insert(
      BrandEntity,
      DEMO_BRANDS.map(({ id, slug, name, portfolioRole, lifecycle }) => ({ id, slug, name, portfolioRole, lifecycle })),
    );
    const idByCode = new Map(DEMO_CAPABILITIES.map((c) => [c.code, c.id]));
    const capabilities = DEMO_CAPABILITIES.map(({ id, code, name, layer, parentCode }) => ({
      id, code, name, layer, parentId: parentCode ? idByCode.get(parentCode)! : null,
    }));
    await manager.insert(CapabilityEntity, capabilities);
    const reason = 'Demo portfolio seed';
    await appendEntries(manager, SEED_ACTOR, null, [
      ...DEMO_BRANDS.map(({ id, slug, name, portfolioRole, lifecycle }) => ({
        action: 'brand.create',
        subject: { type: 'Brand', id, brandId: id },
        after: { id, slug, name, portfolioRole, lifecycle },
        reason,
      })),
      ...capabilities.map((c) => ({ action: 'capability.create', subject: { type: 'Capability', id: c.id, capability: c.code }, after: c, reason })),
    ]);

    const { assessments, decisions } = demoDecisions(DEMO_BRANDS, DEMO_CAPABILITIES);
    await manager.insert(AssessmentEntity, assessments);
    await manager.insert(DecisionEntity, decisions);
    const codeOf = new Map(DEMO_CAPABILITIES.map((c) => [c.id, c.code]));
    await appendEntries(manager, SEED_ACTOR, null, [
      ...assessments.map((a) => ({
        action: 'capability.assess',
        subject: { type: 'CapabilityAssessment', id: a.id, brandId: a.brandId, capability: codeOf.get(a.capabilityId)! },
        after: { ...a, recommendedModel: recommend(a).model },
        reason: a.notes!,
      })),
      ...decisions.map((d) => ({
        action: d.status === 'PROPOSED' ? 'decision.propose' : 'decision.approve',
        subject: { type: 'OperatingModelDecision', id: d.id, brandId: d.brandId, capability: codeOf.get(d.capabilityId)! },
        after: d,
        reason: d.decisionNote ?? d.rationale,
        evidence: d.evidence.length ? d.evidence : null,
      })),
    ]);
  });
  await seedBrandsLifecycle(dataSource, logger);
}
